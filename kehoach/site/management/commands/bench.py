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
        http = parser.add_argument_group("over HTTP (kehoach seed-scale first)")
        http.add_argument("--http", action="store_true",
                          help="start the production server on this database and measure the pages as signed-in users")
        http.add_argument("--database-url", help="measure this database (e.g. postgres://…) instead of DATABASE_URL")
        http.add_argument("--n", type=int, default=50, help="timed requests per page (default 50)")
        http.add_argument("--warm", type=int, default=5, help="warm-up requests per page (default 5)")
        http.add_argument("--only", nargs="*", help="pages whose name contains one of these words")
        http.add_argument("--port", type=int, default=8500, help="first port to try for the server")
        http.add_argument("--concurrent", type=int, default=0, help="then this many users at once (mixed reads)")
        http.add_argument("--seconds", type=float, default=60)
        http.add_argument("--think", type=float, default=0.0,
                          help="each user reads a page this long on average before the next (default 0: back to back)")
        http.add_argument("--peer", help="Redmine base URL: each request is followed by Redmine's equivalent")
        http.add_argument("--peer-data", default="200x300", help="which peer load runs there: 200x300 or 60000")
        http.add_argument("--peer-key-file", default="", help="Redmine API key file (for its JSON API)")
        http.add_argument("--peer-password", default="benchpass123")
        http.add_argument("--json-out", help="write the raw figures here")
        http.add_argument("--combine", metavar="DIR", help="print one table from scripts/bench_vs_redmine.sh's DIR")

    def handle(self, *args, **options):
        if options.get("combine"):
            from kehoach.site.bench_http import combine

            self.stdout.write(combine(options["combine"]))
            return None
        if options["http"]:
            return self.http(options)
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

    def http(self, options):
        import os
        import subprocess
        import sys

        url = options.get("database_url")
        if url and url != os.environ.get("DATABASE_URL"):
            # Settings are read at start-up: run again on that database.
            argv, skip = [], False
            for arg in sys.argv[1:]:
                if skip or arg.startswith("--database-url"):
                    skip = arg == "--database-url"
                    continue
                argv.append(arg)
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only")}
            raise SystemExit(subprocess.run([sys.executable, "-m", "kehoach", *argv], env=env).returncode)
        from kehoach.site.bench_http import main

        main(options, self.stdout, self.stderr)
