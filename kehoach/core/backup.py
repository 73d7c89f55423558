"""One consistent archive of an installation, and putting it back.

The archive (a .tar.gz) holds:
- ``database.sqlite3``: SQLite's online backup API (a copy of one committed state, WAL included, taken while
  the server keeps writing; copying the file instead misses what is still in the -wal file), or
  ``database.pgdump``: ``pg_dump -Fc`` of one exported snapshot on PostgreSQL;
- ``media/…``: uploaded evidence, plan sources and generated documents;
- ``manifest.json``: versions, applied migrations, the sha256 of every member, and the row count and a
  content hash of every table as of the snapshot, so a restore proves it put back exactly that.

Restore goes to the same kind of database (SQLite to SQLite, PostgreSQL to PostgreSQL).
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from zlib import error as zlib_error

import django
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
SNAPSHOT_ALIAS = "kehoach_backup_snapshot"
#: Tables a fresh `migrate` fills by itself: they do not make a database "non-empty".
SCHEMA_TABLES = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (shown to the operator)."""


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- what a database holds, engine by engine --------------------------------------------------------------------


def _normal(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def table_fingerprints(alias: str = DEFAULT_DB_ALIAS) -> dict[str, dict]:
    """Every table's row count and a hash of its rows (ordered by primary key), read through the models so
    values compare the same on every engine. Tables without a model are counted and hashed raw."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    found: dict[str, dict] = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in existing or table in found or model._meta.proxy or not model._meta.managed:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        digest, count = hashlib.sha256(), 0
        rows = model._base_manager.using(alias).order_by("pk").values_list(*columns).iterator(chunk_size=2000)
        for row in rows:
            digest.update(json.dumps([_normal(v) for v in row], sort_keys=True, default=str).encode())
            digest.update(b"\n")
            count += 1
        found[table] = {"rows": count, "sha256": digest.hexdigest()}
    recorder = MigrationRecorder.Migration
    if recorder._meta.db_table in existing and recorder._meta.db_table not in found:
        names = sorted(recorder.objects.using(alias).values_list("app", "name"))
        found[recorder._meta.db_table] = {"rows": len(names),
                                          "sha256": hashlib.sha256(json.dumps(names).encode()).hexdigest()}
    return dict(sorted(found.items()))


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def database_is_empty(alias: str = DEFAULT_DB_ALIAS) -> bool:
    connection = connections[alias]
    tables = set(connection.introspection.table_names()) - SCHEMA_TABLES
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                return False
    return True


@contextmanager
def sqlite_alias(path: Path) -> Iterator[str]:
    """A temporary database alias for another SQLite file (the snapshot being archived or restored)."""
    config = copy.deepcopy(connections.settings[DEFAULT_DB_ALIAS])
    config["NAME"] = str(path)
    config["OPTIONS"] = {key: value for key, value in config.get("OPTIONS", {}).items() if key != "init_command"}
    connections.settings[SNAPSHOT_ALIAS] = config
    try:
        yield SNAPSHOT_ALIAS
    finally:
        connections[SNAPSHOT_ALIAS].close()
        del connections[SNAPSHOT_ALIAS]
        del connections.settings[SNAPSHOT_ALIAS]


def _vendor() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _pg_command(tool: str) -> tuple[list[str], dict]:
    path = shutil.which(tool)
    if not path:
        raise BackupError(f"{tool} is not installed (apt-get install postgresql-client)")
    config = connections.settings[DEFAULT_DB_ALIAS]
    command = [path, "--no-owner", "--no-acl", "-d", config["NAME"]]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if config.get(key):
            command += [flag, str(config[key])]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return command, env


# -- backup ----------------------------------------------------------------------------------------------------


def _snapshot_sqlite(target: Path) -> dict:
    """Copy one committed state of the live database (the online backup API), then describe that copy."""
    source = sqlite3.connect(connections.settings[DEFAULT_DB_ALIAS]["NAME"], timeout=30)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    with sqlite_alias(target) as alias:
        return {"tables": table_fingerprints(alias), "migrations": applied_migrations(alias)}


def _snapshot_postgres(target: Path) -> dict:
    """pg_dump of one snapshot, and the table fingerprints read in that same snapshot."""
    command, env = _pg_command("pg_dump")
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
        dump = subprocess.run([*command, "-Fc", "-f", str(target), f"--snapshot={snapshot_id}"], env=env,
                              capture_output=True, text=True)
        if dump.returncode != 0:
            raise BackupError(f"pg_dump failed: {dump.stderr.strip()}")
        return {"tables": table_fingerprints(), "migrations": applied_migrations()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(dt.datetime.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def backup_create(destination: Path) -> dict:
    """Write the archive to ``destination`` (atomically: a partial file never has the final name)."""
    vendor = _vendor()
    destination = Path(destination).resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="kehoach-backup-") as work:
        database_name = "database.sqlite3" if vendor == "sqlite" else "database.pgdump"
        database_path = Path(work) / database_name
        described = _snapshot_sqlite(database_path) if vendor == "sqlite" else _snapshot_postgres(database_path)
        # Files after the database: every file the snapshot refers to was written before its row committed.
        media = []
        if media_root.is_dir():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                media.append({"path": path.relative_to(media_root).as_posix(), "size": path.stat().st_size,
                              "sha256": sha256_file(path)})
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "versions": {"kehoach": _package_version("kehoach"), "django": django.get_version(),
                         "python": sys.version.split()[0]},
            "database": {"vendor": vendor, "file": database_name, "sha256": sha256_file(database_path),
                         "size": database_path.stat().st_size, **described},
            "media": media,
        }
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            archive.add(database_path, arcname=database_name)
            for item in media:
                archive.add(media_root / item["path"], arcname=f"media/{item['path']}")
        os.replace(partial, destination)
    return manifest


# -- restore ---------------------------------------------------------------------------------------------------


def _safe_members(archive: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"the archive holds an unsafe entry: {member.name}")
        yield member


def _unpack(source: Path, work: Path) -> dict:
    try:
        with tarfile.open(source, "r:*") as archive:
            members = list(_safe_members(archive))
            archive.extractall(work, members=members, filter="data")
    except (tarfile.TarError, OSError, EOFError, zlib_error) as exc:
        raise BackupError(f"{source} is not a kehoach backup archive: {exc}") from None
    try:
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{source} has no readable manifest.json") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')!r} is not supported by this version")
    database = manifest["database"]
    problems = []
    if sha256_file(work / database["file"]) != database["sha256"]:
        problems.append(database["file"])
    for item in manifest["media"]:
        path = work / "media" / item["path"]
        if not path.is_file() or sha256_file(path) != item["sha256"]:
            problems.append(f"media/{item['path']}")
    if problems:
        raise BackupError("checksum mismatch, the archive is damaged: " + ", ".join(problems[:20]))
    return manifest


def _check_migrations(manifest: dict) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, names in manifest["database"]["migrations"].items() for name in names
               if (app, name) not in known]
    if unknown:
        raise BackupError("the backup was made by a newer kehoach (unknown migrations: "
                          + ", ".join(unknown[:10]) + "); install that version to restore it")


def _restore_sqlite(snapshot: Path) -> None:
    target = Path(connections.settings[DEFAULT_DB_ALIAS]["NAME"])
    connections.close_all()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(snapshot)
    try:
        destination = sqlite3.connect(target, timeout=30)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def _restore_postgres(dump: Path) -> None:
    command, env = _pg_command("pg_restore")
    connection = connections[DEFAULT_DB_ALIAS]
    tables = connection.introspection.table_names()
    connections.close_all()
    clean = ["--clean", "--if-exists"] if tables else []
    result = subprocess.run([*command, *clean, "--exit-on-error", "--single-transaction", str(dump)], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def backup_restore(source: Path, *, force: bool = False) -> dict:
    """Put an archive back into this installation's (empty) database and media folder; verify every table."""
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if not database_is_empty():
            raise BackupError("the database is not empty; restoring would overwrite it (use --force)")
        if media_root.is_dir() and any(media_root.iterdir()):
            raise BackupError(f"{media_root} is not empty; restoring would overwrite it (use --force)")
    with tempfile.TemporaryDirectory(prefix="kehoach-restore-") as work_dir:
        work = Path(work_dir)
        manifest = _unpack(Path(source), work)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(f"this is a {manifest['database']['vendor']} backup; it restores onto "
                              f"{manifest['database']['vendor']}, and this installation uses {vendor}")
        _check_migrations(manifest)
        if vendor == "sqlite":
            _restore_sqlite(work / manifest["database"]["file"])
        else:
            _restore_postgres(work / manifest["database"]["file"])
        if media_root.exists():
            shutil.rmtree(media_root)
        if (work / "media").is_dir():
            shutil.copytree(work / "media", media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    restored = table_fingerprints()
    expected = manifest["database"]["tables"]
    different = sorted(name for name in set(expected) | set(restored) if expected.get(name) != restored.get(name))
    if different:
        raise BackupError("the restored database differs from the backup in: " + ", ".join(different))
    return manifest
