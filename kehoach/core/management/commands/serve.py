"""`kehoach serve`: gunicorn over the project settings, with the background-job worker beside it.

SIGTERM or SIGINT (Ctrl+C) is passed on to both children and the command waits for them, so a service
manager that stops `kehoach serve` never leaves a server or a worker behind. If either child dies on its
own, the other is stopped too and the exit status says so.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

#: How long the children get to finish their current request or job before they are killed.
STOP_GRACE_SECONDS = 30


def _static_stamp() -> str:
    """A fingerprint of every static source file (path, size, modification time) and of the kehoach version."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(settings.STATIC_URL.encode())
    for finder in get_finders():
        for path, storage in finder.list([]):
            full = Path(storage.path(path))
            info = full.stat()
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static() -> None:
    """Hashed, compressed static files (a subprocess, because the storage is chosen when settings load),
    unless they are already collected from exactly these sources: a restart after a crash is quicker."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kehoach.settings", "KEHOACH_HOME": str(settings.KEHOACH_HOME)}
    stamp_file, stamp = Path(settings.STATIC_ROOT) / ".kehoach-static-stamp", _static_stamp()
    if not stamp_file.is_file() or stamp_file.read_text() != stamp:
        subprocess.run([sys.executable, "-m", "kehoach", "collectstatic", "--noinput", "-v0"],
                       env={**env, "KEHOACH_STATIC_MANIFEST": "1"}, check=True)
        stamp_file.write_text(stamp)


def _die_with_parent() -> None:
    """Linux: the child gets SIGKILL if `kehoach serve` itself is killed, so nothing is left holding the port."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Command(BaseCommand):
    help = "Serve kehoach with gunicorn (production server) and run the background-job worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start the job worker (run `kehoach db_worker` elsewhere)")

    def handle(self, *args, **options):
        # No system checks here (they import every view again; `kehoach check --deploy` is the place): a restart
        # after a crash is back sooner.
        call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kehoach.settings",
               "KEHOACH_HOME": str(settings.KEHOACH_HOME)}
        collect_static()
        bind = f"{options['host']}:{options['port']}"
        commands = {
            # --preload: the master loads the application (and its URLs, see wsgi.py) once and its workers are
            # forked ready, sharing those pages, instead of each importing everything again.
            "gunicorn": [sys.executable, "-m", "gunicorn", "kehoach.wsgi:application", "--preload", "--bind", bind,
                         "--workers", str(options["workers"]), "--access-logfile", "-", "--timeout", "120",
                         "--graceful-timeout", str(STOP_GRACE_SECONDS - 5)],
        }
        if not options["no_worker"]:
            commands["worker"] = [sys.executable, "-m", "kehoach", "db_worker", "--interval", "0.5"]

        stopping: list[int] = []

        def on_signal(signum, _frame):
            stopping.append(signum)

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        children: dict[str, subprocess.Popen] = {}
        try:
            for name, command in commands.items():
                # Own process group: a Ctrl+C in the terminal reaches only this command, which then
                # stops the children in order instead of all of them racing.
                children[name] = subprocess.Popen(command, env=env, start_new_session=True,
                                                  preexec_fn=_die_with_parent)
            self.stdout.write(f"kehoach: http://{bind}/  (Ctrl+C để dừng)")
            self.stdout.flush()
            died = None
            while not stopping and died is None:
                died = next((name for name, child in children.items() if child.poll() is not None), None)
                time.sleep(0.2)
        finally:
            codes = self._stop(children)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if stopping:
            return  # asked to stop: exit status 0
        self.stderr.write(f"kehoach serve: {died} stopped unexpectedly (exit status {codes.get(died)})")
        sys.exit(1)

    def _stop(self, children: dict[str, subprocess.Popen]) -> dict[str, int | None]:
        """SIGTERM every live child, wait for each, SIGKILL any that outlives the grace period."""
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return {name: child.returncode for name, child in children.items()}
