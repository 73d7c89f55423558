"""`kehoach seed-scale`: fill the database with a whole portfolio for benchmarks (see kehoach/site/seed_scale.py)."""

import json

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kehoach.site.seed_scale import Shape, seed


class Command(BaseCommand):
    help = "Fill the database with many plans, tasks, units, periods and reports (bulk inserts, deterministic)."

    def add_arguments(self, parser):
        d = Shape()
        parser.add_argument("--plans", type=int, default=d.plans)
        parser.add_argument("--tasks-per-plan", type=int, default=d.tasks_per_plan)
        parser.add_argument("--big-plan-tasks", type=int, default=d.big_plan_tasks,
                            help="also one plan of this many tasks (every unit leads some of it)")
        parser.add_argument("--units", type=int, default=d.units)
        parser.add_argument("--periods", type=int, default=d.periods, help="yearly periods per published plan")
        parser.add_argument("--partners", type=int, default=d.partners)
        parser.add_argument("--seed", type=int, default=d.seed)
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, **o):
        call_command("migrate", interactive=False, verbosity=0)
        shape = Shape(plans=o["plans"], tasks_per_plan=o["tasks_per_plan"], big_plan_tasks=o["big_plan_tasks"],
                      units=o["units"], periods=o["periods"], partners=o["partners"], seed=o["seed"])
        result = seed(shape, stream=self.stderr)
        if o["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"seed-scale: {result['seconds']} s on {result['database']}; steps {result['steps']}")
        for label, n in sorted(result["rows"].items()):
            self.stdout.write(f"  {label:<32} {n:>9,}")
        self.stdout.write(f"accounts: {', '.join(result['users'].values())} (password {result['password']})")
