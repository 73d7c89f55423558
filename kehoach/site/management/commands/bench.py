"""`kehoach bench [NAME ...]`: time the work users wait for, and print the figures.

Each app may have `bench.py` with `BENCHMARKS = {"name": callable -> dict}`; figures are printed, never asserted.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from kehoach.core.hooks import app_modules


def collect() -> dict:
    found = {}
    for _label, module in app_modules("bench"):
        found.update(getattr(module, "BENCHMARKS", {}))
    return found


class Command(BaseCommand):
    help = "Run benchmarks (import, documents, pages…) and print time and memory figures."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="which benchmarks (default: all)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        benchmarks = collect()
        names = options["names"] or list(benchmarks)
        unknown = [n for n in names if n not in benchmarks]
        if unknown:
            raise CommandError(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(benchmarks)}")
        results = {}
        for name in names:
            self.stderr.write(f"running {name}…")
            results[name] = benchmarks[name]()
            if not options["json"]:
                figures = ", ".join(f"{k}={v}" for k, v in results[name].items())
                self.stdout.write(f"{name:<22} {figures}")
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=1))
