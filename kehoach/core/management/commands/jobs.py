"""`kehoach jobs`: the background jobs, their state, age, attempts and last error; retry a failed one."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from kehoach.core import jobs


def _age(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


class Command(BaseCommand):
    help = "List background jobs (state, age, attempts, last error); `jobs retry ID`; `jobs --reap`."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["list", "retry"], default="list")
        parser.add_argument("id", nargs="?", help="the job to retry (its id or the first characters of it)")
        parser.add_argument("--state", choices=["ready", "running", "failed", "successful"])
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument("--reap", action="store_true",
                            help="first retry or fail the running jobs whose worker died")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if options["reap"]:
            for result, outcome in jobs.jobs_reap():
                self.stdout.write(f"{outcome}: {result.pk} {result.task_path.rsplit('.', 1)[-1]}")
        if options["action"] == "retry":
            if not options["id"]:
                raise CommandError("jobs retry needs the job's id")
            try:
                result = jobs.job_retry(result=jobs.job_find(options["id"]))
            except jobs.JobNotRetryable as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"queued again: {result.pk}")
            return
        rows = jobs.jobs_overview(state=options["state"], limit=options["limit"])
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("no jobs")
            return
        self.stdout.write(f"{'id':8}  {'task':22} {'state':24} {'age':>5} {'tries':>5}  last error")
        for row in rows:
            task = f"{row['task']}({', '.join(map(str, row['args']))})"
            self.stdout.write(f"{row['id'][:8]}  {task[:22]:22} {row['state']:24} {_age(row['age_seconds']):>5} "
                              f"{row['attempts']:>5}  {row['last_error']}")
