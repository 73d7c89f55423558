import json

from django.core.management.base import BaseCommand

from kehoach.core.hooks import app_modules


class Command(BaseCommand):
    help = "Counts of what kehoach holds: plans, tasks, units, partners, users, periods, reports…"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        counts: dict = {}
        for _label, module in app_modules("status"):
            counts.update(module.counts())
        if options["json"]:
            self.stdout.write(json.dumps(counts, ensure_ascii=False, indent=1, default=str))
            return
        for key, value in counts.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "0"
            self.stdout.write(f"{key:<24} {value}")
