"""`kehoach serve` stops what it started: SIGTERM and SIGINT reach gunicorn and the job worker."""

from __future__ import annotations

import signal
import time
import urllib.request

import pytest

from kehoach.core.testing import descendants, free_port, pid_alive

pytestmark = pytest.mark.slow


def wait_for_health(port: int, process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "kehoach serve exited before serving"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("kehoach serve did not answer /healthz")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_passes_the_signal_on_and_waits_for_its_children(installation, signum):
    if signum == signal.SIGINT:
        installation.prepare("migrated")  # SIGTERM's run starts on a new home: serve migrates and collects first
    port = free_port()
    serve = installation.spawn("serve", "--port", str(port), "--workers", "1")
    try:
        wait_for_health(port, serve)
        children = descendants(serve.pid)
        commands = [open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode() for pid in children]
        assert any("gunicorn" in c for c in commands), commands
        assert any("db_worker" in c for c in commands), commands

        serve.send_signal(signum)
        assert serve.wait(timeout=60) == 0
        deadline = time.monotonic() + 10
        while any(pid_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in children if pid_alive(pid)] == []
    finally:
        for pid in [serve.pid, *descendants(serve.pid)]:
            try:
                import os

                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        serve.wait()
