"""`kehoach backup FILE`: one consistent archive of the database and the media files, while serving."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kehoach.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a consistent backup (database snapshot + media + manifest with checksums) to FILE (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            manifest = backup_create(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(table["rows"] for table in manifest["database"]["tables"].values())
        size = options["file"].stat().st_size
        self.stdout.write(f"{options['file']}: {manifest['database']['vendor']}, "
                          f"{len(manifest['database']['tables'])} tables, {rows} rows, "
                          f"{len(manifest['media'])} files, {size / 1e6:.1f} MB, {time.monotonic() - started:.1f} s")
