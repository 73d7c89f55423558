"""`kehoach import FILE [--dry-run] [--json] [--publish]`: read a plan document."""

import json
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from kehoach.core.progress import ProgressBar
from kehoach.imports.parsing import ImportRejected
from kehoach.imports.services import NoChange, import_bytes, parse_bytes
from kehoach.plans.export import plan_to_gold
from kehoach.plans.services import plan_publish


class Command(BaseCommand):
    help = "Read a plan (.txt, .md, .pdf, .docx, .xlsx) and store it as a draft for review."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="read and report, store nothing")
        parser.add_argument("--json", action="store_true", help="print the structure read (gold JSON shape)")
        parser.add_argument("--publish", action="store_true",
                            help="publish at once, creating units not yet in the registry")

    def fail(self, message: str):
        # One line naming the problem, exit status 2, nothing written.
        self.stderr.write(f"kehoach import: {message}")
        sys.exit(2)

    def _database_ready(self) -> None:
        """The importer reads the unit registry: on a fresh home (embedded SQLite) create the tables first, as
        `kehoach demo` does; a server database that is behind gets a one-line message instead."""
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return
        if connection.vendor != "sqlite":
            self.fail("cơ sở dữ liệu chưa được cập nhật: hãy chạy `kehoach migrate` trước")
        call_command("migrate", interactive=False, verbosity=0)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            self.fail(f"không tìm thấy tệp: {path}")
        if not path.is_file():
            self.fail(f"không phải là tệp: {path}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.fail(f"không đọc được tệp {path}: {exc.strerror}")
        self._database_ready()
        progress = ProgressBar(f"Đọc {path.name}")
        try:
            if options["dry_run"]:
                parsed = parse_bytes(data, path.name, progress=progress)
                self._report(parsed.to_gold() if options["json"] else None, len(parsed.tasks), path.name)
                return
            plan = import_bytes(data=data, filename=path.name, actor=None, progress=progress)
            if options["publish"]:
                plan = plan_publish(plan=plan, actor=None, create_unknown=True)
        except NoChange as exc:
            # The same plan again: say so and succeed, nothing is stored.
            self.stdout.write(f"{exc.message} (kế hoạch #{exc.plan.pk}: {exc.plan.title[:80]})")
            return
        except ImportRejected as exc:
            self.fail(exc.message)
        except (ValidationError, PermissionDenied) as exc:
            self.fail(" ".join(getattr(exc, "messages", [str(exc)])))
        if options["json"]:
            self.stdout.write(json.dumps(plan_to_gold(plan), ensure_ascii=False, indent=1))
        else:
            state = "đã ban hành" if plan.status == "published" else "bản nháp chờ rà soát"
            self.stdout.write(f"Kế hoạch #{plan.pk} ({state}): {plan.tasks.count()} nhiệm vụ — {plan.full_title[:80]}")

    def _report(self, gold: dict | None, task_count: int, name: str) -> None:
        if gold is not None:
            self.stdout.write(json.dumps(gold, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(f"{name}: đọc được {task_count} nhiệm vụ (chạy thử, không lưu)")


