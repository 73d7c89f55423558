"""`kehoach db_worker`: django-tasks-db's worker with a lease on the running job and a reaper beside it.

Same options as django-tasks-db's command. While a job runs, a heartbeat thread renews its lease; the same
thread reaps jobs whose worker died (see kehoach.core.jobs).
"""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker as upstream

from kehoach.core import jobs


class LeasedWorker(upstream.Worker):
    def run(self) -> None:
        self.keeper = jobs.LeaseKeeper(self.worker_id)
        jobs.jobs_reap()  # jobs left running by a worker that died before this one started
        self.keeper.start()
        try:
            super().run()
        finally:
            self.keeper.stop()

    def run_task(self, db_task_result) -> None:
        jobs.lease_take(result=db_task_result, worker_id=self.worker_id)
        self.keeper.current = db_task_result.pk
        try:
            super().run_task(db_task_result)
        finally:
            self.keeper.current = None
            jobs.lease_release(result_id=db_task_result.pk)


class Command(upstream.Command):
    help = "Run the background-job worker (with leases: a job whose worker dies is retried or failed)."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise upstream.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
                              startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                              excluded_queue_names=excluded)
        if reload and not batch:
            if upstream.os.environ.get(upstream.DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            upstream.run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
