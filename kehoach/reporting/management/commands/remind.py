"""`kehoach remind [--dry-run] [--json] [--today YYYY-MM-DD]`: send due reminders, once per step (cron-safe)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from kehoach.reporting.services import reminders_run


class Command(BaseCommand):
    help = "Nhắc hạn báo cáo: mỗi người một thư tổng hợp, mỗi bước gửi một lần."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--today")

    def handle(self, *args, **opts):
        today = None
        if opts["today"]:
            try:
                today = dt.date.fromisoformat(opts["today"])
            except ValueError:
                raise CommandError("--today phải có dạng YYYY-MM-DD") from None
        digests = reminders_run(today=today, dry_run=opts["dry_run"])
        rows = [{"user": d.user.username, "email": d.user.email,
                 "items": [{"period": i.period.pk, "label": i.period.label, "unit": i.unit_name, "step": i.step,
                            "tasks": i.tasks} for i in d.items]} for d in digests]
        if opts["json"]:
            self.stdout.write(json.dumps({"dry_run": opts["dry_run"], "digests": rows}, ensure_ascii=False))
        else:
            for row in rows:
                self.stdout.write(f"{row['user']}: " + "; ".join(f"{i['label']} ({i['step']})" for i in row["items"]))
            self.stdout.write(f"{len(rows)} thư nhắc{' (chạy thử)' if opts['dry_run'] else ''}.")
