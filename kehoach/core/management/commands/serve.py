"""`kehoach serve`: gunicorn over the project settings, with the background-job worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve kehoach with gunicorn (production server) and run the background-job worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start the job worker (run `kehoach db_worker` elsewhere)")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kehoach.settings",
               "KEHOACH_HOME": str(settings.KEHOACH_HOME)}
        # Hashed, compressed static files (a subprocess, because the storage is chosen when settings load).
        subprocess.run([sys.executable, "-m", "kehoach", "collectstatic", "--noinput", "-v0"],
                       env={**env, "KEHOACH_STATIC_MANIFEST": "1"}, check=True)
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "kehoach", "db_worker", "--interval", "0.5"], env=env)
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"kehoach: http://{bind}/  (Ctrl+C để dừng)")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kehoach.wsgi:application", "--bind", bind,
             "--workers", str(options["workers"]), "--access-logfile", "-", "--timeout", "120"],
            env=env,
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGTERM)
            server.wait()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
