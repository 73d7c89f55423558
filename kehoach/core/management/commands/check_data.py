"""`kehoach check-data`: the cross-table rules every app declares (its `invariants.problems()`), checked.

Exit status 1 and one line per problem when any is broken; safe to run on a live installation (reads only).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from kehoach.core.hooks import app_modules


class Command(BaseCommand):
    help = "Check cross-table invariants (report states, versions, audit entries, files); exit 1 when broken."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        found: dict[str, list[str]] = {}
        for label, module in app_modules("invariants"):
            if hasattr(module, "problems"):
                found[label] = list(module.problems())
        broken = {label: items for label, items in found.items() if items}
        if options["json"]:
            self.stdout.write(json.dumps({"checked": sorted(found), "problems": broken}, ensure_ascii=False,
                                         indent=2))
        elif broken:
            for label, items in broken.items():
                for item in items:
                    self.stdout.write(f"{label}: {item}")
            self.stdout.write(f"{sum(map(len, broken.values()))} problems")
        else:
            self.stdout.write(f"data consistent ({', '.join(sorted(found))})")
        if broken:
            sys.exit(1)
