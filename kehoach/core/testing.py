"""Helpers for tests that need tools a user's machine may lack (chromium, LibreOffice).

On a user's machine they skip with a reason; in CI (KEHOACH_REQUIRE_BROWSER / KEHOACH_REQUIRE_RENDER set)
a missing tool fails the run instead, so those tests can never silently not run there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _missing(reason: str, env: str) -> None:
    if os.environ.get(env):
        pytest.fail(f"{reason} (required here because {env} is set)")
    pytest.skip(reason)


def require_browser() -> None:
    try:
        # Here, not at the top: Playwright is an optional test tool; its absence is what this checks.
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("Playwright for Python is not installed", "KEHOACH_REQUIRE_BROWSER")
    if not Path(CHROMIUM).exists():
        _missing("Debian's chromium is not installed (apt-get install chromium fonts-liberation)",
                 "KEHOACH_REQUIRE_BROWSER")


def require_soffice() -> str:
    path = shutil.which("soffice")
    if not path:
        _missing("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)", "KEHOACH_REQUIRE_RENDER")
    return path


def require_pdftoppm() -> str:
    path = shutil.which("pdftoppm")
    if not path:
        _missing("poppler-utils is not installed (apt-get install poppler-utils)", "KEHOACH_REQUIRE_RENDER")
    return path


def artifacts_dir() -> Path:
    """Where browser screenshots and rendered pages go (git-ignored)."""
    path = Path(__file__).resolve().parents[2] / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


# -- a separate installation for tests that run `kehoach` in subprocesses (kill -9, serve, backup) ------------


class Installation:
    """A fresh KEHOACH_HOME (and, when the suite runs on PostgreSQL, a fresh database of its own) that
    subprocesses run against: ``run("migrate")``, ``spawn("db_worker")``, ``query("SELECT …")``."""

    def __init__(self, home: Path, database_url: str = "", templates: InstallationTemplates | None = None):
        self.home, self.database_url, self.templates = home, database_url, templates
        self.env = {**os.environ, "KEHOACH_HOME": str(home), "DATABASE_URL": database_url,
                    "DJANGO_SETTINGS_MODULE": "kehoach.settings", "SECRET_KEY": "test-installation-key",
                    "PYTHONUNBUFFERED": "1"}
        for name in ("KEHOACH_TESTING", "PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST"):
            self.env.pop(name, None)

    @property
    def is_postgres(self) -> bool:
        return bool(self.database_url)

    def prepare(self, state: str) -> None:
        """Bring this new installation to ``state`` as its command would: "migrated" (``kehoach migrate``) or
        "demo" (``kehoach demo --no-serve``), with the static files ``kehoach serve`` collects. The first
        installation of the run does it by running the commands; later ones get a copy of its database, media
        and static files (a fresh migrate takes ~10 s and the demo ~15 s more; a copy well under one)."""
        if self.templates is None:
            self.run(*TEMPLATE_COMMANDS[state])
            return
        self.templates.copy_into(self, state)

    def command(self, *args: str) -> list[str]:
        import sys

        return [sys.executable, "-m", "kehoach", *args]

    def run(self, *args: str, check: bool = True, timeout: float = 300, env: dict | None = None, **kwargs):
        import subprocess

        result = subprocess.run(self.command(*args), env={**self.env, **(env or {})}, capture_output=True,
                                text=True, timeout=timeout, **kwargs)
        if check and result.returncode != 0:
            raise AssertionError(f"kehoach {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n"
                                 f"{result.stderr}")
        return result

    def python(self, code: str, *, check: bool = True, timeout: float = 300, env: dict | None = None):
        """Run Python with Django set up against this installation."""
        import subprocess
        import sys

        prelude = "import django; django.setup()\n"
        result = subprocess.run([sys.executable, "-c", prelude + code], env={**self.env, **(env or {})},
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"python exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def spawn(self, *args: str, env: dict | None = None, python_code: str | None = None, **kwargs):
        """Start `kehoach ARGS` (or Python code) in the background, in its own process group."""
        import subprocess
        import sys

        command = [sys.executable, "-c", python_code] if python_code else self.command(*args)
        return subprocess.Popen(command, env={**self.env, **(env or {})}, start_new_session=True, **kwargs)

    def connect(self):
        """A DB-API connection to this installation's database (autocommit), bypassing Django."""
        if self.is_postgres:
            import psycopg

            return psycopg.connect(self.database_url, autocommit=True)
        import sqlite3

        return sqlite3.connect(self.home / "kehoach.sqlite3", timeout=30, isolation_level=None)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        connection = self.connect()
        try:
            if not self.is_postgres:
                sql = sql.replace("%s", "?")
            cursor = connection.cursor()
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            connection.close()


TEMPLATE_COMMANDS = {"migrated": ("migrate", "-v0"), "demo": ("demo", "--no-serve")}
COLLECT_STATIC = """
from kehoach.core.management.commands.serve import collect_static
collect_static()
"""


class InstallationTemplates:
    """Installations in a known state, built once per test run and copied into each new installation.

    SQLite: built once for all xdist workers (a file lock; the first worker that needs one builds it) and
    copied with SQLite's backup API. PostgreSQL: one template database per worker, copied by
    ``CREATE DATABASE … TEMPLATE``, dropped when the worker ends."""

    def __init__(self, root: Path, worker: str):
        self.root, self.worker = root, worker
        self.built: dict[str, Installation] = {}
        self.cleanups: list = []

    def _template(self, state: str) -> Installation:
        import fcntl

        if state in self.built:
            return self.built[state]
        postgres = _postgres_admin_url() is not None
        home = self.root / (f"{state}-{self.worker}" if postgres else state)
        home.mkdir(parents=True, exist_ok=True)
        with open(self.root / f"{home.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if postgres:
                template, drop = make_installation(home)
                self.cleanups.append(drop)
            else:
                template = Installation(home)
            if not (home / ".built").exists() or postgres:
                template.run(*TEMPLATE_COMMANDS[state])
                template.python(COLLECT_STATIC)
                (home / ".built").write_text(state)
        self.built[state] = template
        return template

    def copy_into(self, installation: Installation, state: str) -> None:
        import sqlite3

        template = self._template(state)
        if installation.is_postgres:
            from urllib.parse import urlsplit, urlunsplit

            import psycopg

            parts = urlsplit(installation.database_url)
            admin = urlunsplit(parts._replace(path="/postgres"))
            name, source = parts.path.lstrip("/"), urlsplit(template.database_url).path.lstrip("/")
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        else:
            installation.home.mkdir(parents=True, exist_ok=True)
            source = sqlite3.connect(template.home / "kehoach.sqlite3")
            target = sqlite3.connect(installation.home / "kehoach.sqlite3")
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=WAL")
            finally:
                source.close()
                target.close()
        for folder in ("media", "static"):
            if (template.home / folder).is_dir():
                shutil.copytree(template.home / folder, installation.home / folder, dirs_exist_ok=True)

    def close(self) -> None:
        for cleanup in self.cleanups:
            cleanup()


def _postgres_admin_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "").strip()
    return url if url.startswith(("postgres://", "postgresql://")) else None


def make_installation(home: Path, templates: InstallationTemplates | None = None) -> tuple[Installation, object]:
    """A fresh installation under ``home``; on PostgreSQL a new database named after the suite's own.
    Returns it with a cleanup callable (drops that database). ``templates``: where ``prepare`` copies from."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    base_url = _postgres_admin_url()
    if not base_url:
        return Installation(home, templates=templates), lambda: None
    import psycopg

    parts = urlsplit(base_url)
    name = f"{parts.path.lstrip('/') or 'kehoach'}_{uuid.uuid4().hex[:8]}"[:63]
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return Installation(home, urlunsplit(parts._replace(path=f"/{name}")), templates), drop


def free_port() -> int:
    """A port no one listens on (the kernel's ephemeral range, so no engineer's fixed range is touched)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (Linux /proc), children first."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(0), []):
            found.append(child)
            queue.append(child)
    return found


def pid_alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


# -- Small well-formed files for upload tests (built in the test, never read from disk) ---------------------


def tiny_pdf(*, extra_objects: tuple[bytes, ...] = (), catalog_extra: bytes = b"", pages: int = 1,
             content: bytes = b"BT /F1 12 Tf 10 10 Td (Bao cao) Tj ET", flate: bool = True) -> bytes:
    """A one-page PDF with a real cross-reference table; ``extra_objects`` are numbered from 5 on."""
    import zlib

    stream = zlib.compress(content) if flate else content
    kids = " ".join("3 0 R" for _ in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        (b"<< /Length %d " % len(stream)) + (b"/Filter /FlateDecode " if flate else b"") + b">>\nstream\n"
        + stream + b"\nendstream",
        *extra_objects,
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def tiny_docx(*, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Word document (content types, document part)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def tiny_png() -> bytes:
    """A 1×1 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))
