"""`kehoach restore FILE`: put a backup back into this installation (an empty one unless --force)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kehoach.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `kehoach backup` into this installation, then verify every table."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="overwrite a database or media folder that has data")

    def handle(self, *args, **options):
        if not options["file"].is_file():
            raise CommandError(f"{options['file']}: no such file")
        started = time.monotonic()
        try:
            manifest = backup_restore(options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        # A backup from an older version gets this version's migrations.
        call_command("migrate", interactive=False, verbosity=0)
        rows = sum(table["rows"] for table in manifest["database"]["tables"].values())
        self.stdout.write(f"restored {manifest['created_at']}: {len(manifest['database']['tables'])} tables, "
                          f"{rows} rows and {len(manifest['media'])} files, all verified, {time.monotonic() - started:.1f} s")
