"""`kehoach backup` / `kehoach restore`: a filled demo round-trips table for table and file for file, and a
backup taken while another process holds committed rows in the WAL has them all."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess

import pytest

from kehoach.core.testing import make_installation

pytestmark = pytest.mark.slow

FINGERPRINTS = "import json; from kehoach.core.backup import table_fingerprints; print(json.dumps(table_fingerprints()))"


def fingerprints(installation) -> dict:
    return json.loads(installation.python(FINGERPRINTS).stdout)


def media_files(installation) -> dict[str, str]:
    root = installation.home / "media"
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def test_a_filled_demo_round_trips_every_table_and_file(installation, tmp_path):
    installation.prepare("demo")
    installation.run("export", "1", "--format", "docx", "-o", str(tmp_path / "plan.docx"))  # a generated document
    source_tables, source_files = fingerprints(installation), media_files(installation)
    assert sum(t["rows"] for t in source_tables.values()) > 1000 and len(source_files) >= 3

    archive = tmp_path / "kehoach-backup.tar.gz"
    out = installation.run("backup", str(archive)).stdout
    assert "tables" in out and archive.is_file() and not archive.with_name(archive.name + ".partial").exists()

    target, cleanup = make_installation(tmp_path / "restored")
    try:
        assert "all verified" in target.run("restore", str(archive)).stdout
        restored = fingerprints(target)
        assert set(restored) == set(source_tables)
        assert {name: t for name, t in restored.items() if t != source_tables[name]} == {}
        assert media_files(target) == source_files
        # The restored installation works: the demo accounts sign in to the same data.
        check = target.python("from kehoach.accounts.models import User; "
                              "print(User.objects.get(username='htqt').check_password('kehoach2025'))")
        assert check.stdout.strip() == "True"

        again = target.run("restore", str(archive), check=False)
        assert again.returncode != 0 and "not empty" in again.stderr
        assert target.run("restore", str(archive), "--force").returncode == 0
    finally:
        cleanup()


def test_a_damaged_archive_is_refused_and_writes_nothing(installation, tmp_path):
    installation.prepare("migrated")
    archive = tmp_path / "b.tar.gz"
    installation.run("backup", str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(archive.read_bytes()[:-200])
    target, cleanup = make_installation(tmp_path / "restored")
    try:
        result = target.run("restore", str(damaged), check=False)
        assert result.returncode != 0 and "not a kehoach backup" in result.stderr
        assert not (target.home / "media").exists() or not any((target.home / "media").iterdir())
    finally:
        cleanup()


WRITER = """
import sys, time
import django
django.setup()
from django.db import connection
from kehoach.core.models import AuditEntry
from kehoach.core.services import audit_log
from kehoach.accounts.models import User
connection.ensure_connection()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_autocheckpoint=0")   # keep every commit in the -wal file
user = User.objects.get(username="htqt")
for n in range(57):
    audit_log(actor=None, action="login", obj=user, message=f"wal probe {n}")   # each one committed
print("written", flush=True)
time.sleep(600)
"""


def test_backup_while_another_process_has_commits_in_the_wal(installation, tmp_path):
    if installation.is_postgres:
        pytest.skip("the WAL case is SQLite's; PostgreSQL is covered by the round trip (pg_dump snapshot)")
    installation.prepare("demo")
    writer = installation.spawn(python_code=WRITER, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "written"
        # Copying the live file, as an operator might, misses what is still in the WAL.
        naive = tmp_path / "copied.sqlite3"
        shutil.copy(installation.home / "kehoach.sqlite3", naive)
        copied = sqlite3.connect(naive).execute(
            "SELECT count(*) FROM core_auditentry WHERE message LIKE 'wal probe %'").fetchone()[0]
        assert copied < 57, "the scenario needs commits that are only in the WAL"

        archive = tmp_path / "b.tar.gz"
        installation.run("backup", str(archive))
    finally:
        writer.kill()
        writer.wait()
    target, cleanup = make_installation(tmp_path / "restored")
    try:
        target.run("restore", str(archive))
        assert target.query("SELECT count(*) FROM core_auditentry WHERE message LIKE 'wal probe %'") == [(57,)]
    finally:
        cleanup()
