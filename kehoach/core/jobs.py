"""Background jobs that outlive a dead worker.

django-tasks-db keeps the queue: one ``DBTaskResult`` per job, with its status, the id of each worker that
claimed it and the traceback of a failure. It has no notion of a worker dying mid-job: such a job stays
"running" for ever. This module adds:

- a lease (``JobLease``) the running worker takes on its job and renews from a heartbeat thread;
- a reaper: a running job whose lease ran out is put back in the queue when its steps are idempotent and it
  has attempts left (``KEHOACH_JOB_ATTEMPTS``, default 2: retried once), else marked failed;
- recovery hooks, so the app that owns the job's own row (an import, a generated document) shows the page
  what happened. Apps declare them next to their task with ``recoverable(task, ...)``: core knows no app.

The reaper runs in every worker (``kehoach db_worker``) and on ``kehoach jobs --reap``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from .models import JobLease
from .services import audit_log

log = logging.getLogger(__name__)

#: What django-tasks-db records as the exception of a job whose worker died.
WORKER_LOST = "kehoach.core.jobs.WorkerLost"


@dataclass(frozen=True)
class Recovery:
    """How to bring an app's own record of a job in line when the job is retried or fails.

    ``requeue(*args, **kwargs)`` and ``fail(*args, message=..., **kwargs)`` get the task's own arguments."""

    idempotent: bool
    requeue: Callable[..., None]
    fail: Callable[..., None]


RECOVERY: dict[str, Recovery] = {}


def recoverable(task, *, idempotent: bool, requeue: Callable[..., None], fail: Callable[..., None]):
    """Declare a task's recovery hooks (call it in the app's jobs.py, right below the task)."""
    RECOVERY[task.module_path] = Recovery(idempotent=idempotent, requeue=requeue, fail=fail)
    return task


def recovery_for(task_path: str) -> Recovery | None:
    if task_path not in RECOVERY:
        try:
            import_string(task_path)  # importing the task's module declares its hooks
        except ImportError:
            return None
    return RECOVERY.get(task_path)


def _call(hook: Callable[..., None], result: DBTaskResult, **extra) -> None:
    args_kwargs = result.args_kwargs or {}
    hook(*args_kwargs.get("args", []), **args_kwargs.get("kwargs", {}), **extra)


def lease_seconds() -> int:
    return settings.KEHOACH_JOB_LEASE_SECONDS


# -- the running worker's side ----------------------------------------------------------------------------------


def lease_take(*, result: DBTaskResult, worker_id: str) -> JobLease:
    """The worker starts a job: one more attempt, a fresh lease."""
    now = timezone.now()
    with transaction.atomic():
        lease, _created = JobLease.objects.select_for_update().get_or_create(result=result)
        lease.worker_id = worker_id[:64]
        lease.attempts += 1
        lease.expires_at = now + timedelta(seconds=lease_seconds())
        lease.heartbeat_at = now
        lease.save()
    return lease


def lease_renew(*, result_id, worker_id: str) -> bool:
    """The heartbeat: push the lease out again. False if the lease is no longer this worker's."""
    now = timezone.now()
    return bool(JobLease.objects.filter(result_id=result_id, worker_id=worker_id[:64]).update(
        expires_at=now + timedelta(seconds=lease_seconds()), heartbeat_at=now))


def lease_release(*, result_id) -> None:
    JobLease.objects.filter(result_id=result_id).update(expires_at=None)


class LeaseKeeper(threading.Thread):
    """Beside a worker's main loop: renews the lease of the job it runs and reaps dead workers' jobs."""

    def __init__(self, worker_id: str, interval: float | None = None):
        super().__init__(name="kehoach-lease-keeper", daemon=True)
        self.worker_id = worker_id
        self.interval = interval or max(0.5, lease_seconds() / 4)
        self.current = None  # the id of the job the worker is running
        self._stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self._stopped.wait(self.interval):
                close_old_connections()
                try:
                    current = self.current
                    if current is not None:
                        lease_renew(result_id=current, worker_id=self.worker_id)
                    jobs_reap()
                except DatabaseError:  # a locked or restarting database: try again on the next beat
                    log.warning("lease keeper: database unavailable", exc_info=True)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=10)


# -- the reaper -------------------------------------------------------------------------------------------------


def _expired(now) -> Q:
    # No lease at all: the worker died between claiming the job and taking the lease (or predates leases).
    return Q(lease__expires_at__lt=now) | Q(lease__isnull=True, started_at__lt=now - timedelta(seconds=lease_seconds()))


def lost_message(attempts: int) -> str:
    return _("Tiến trình xử lý đã dừng đột ngột khi đang làm việc này (đã chạy %(n)s lần). "
             "Hãy thử lại; nếu vẫn không được, hãy báo quản trị hệ thống.") % {"n": attempts}


def jobs_reap(*, now=None) -> list[tuple[DBTaskResult, str]]:
    """Retry or fail every running job whose worker died. Returns (job, "retried" | "failed")."""
    now = now or timezone.now()
    outcomes = []
    candidates = list(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).filter(_expired(now))
                      .values_list("pk", flat=True))
    for pk in candidates:
        with transaction.atomic():
            result = (DBTaskResult.objects.select_for_update(of=("self",)).filter(pk=pk, status=TaskResultStatus.RUNNING)
                      .filter(_expired(now)).first())
            if result is None:
                continue  # finished, or another reaper had it
            outcome = _reap_one(result, now)
        outcomes.append((result, outcome))
    return outcomes


def _reap_one(result: DBTaskResult, now) -> str:
    lease = JobLease.objects.select_for_update().filter(result=result).first() or JobLease(result=result)
    attempts = max(lease.attempts, 1)
    worker = lease.worker_id or (result.worker_ids[-1] if result.worker_ids else "?")
    detail = f"worker {worker} stopped renewing its lease (attempt {attempts}, started {result.started_at:%Y-%m-%d %H:%M:%S})"
    recovery = recovery_for(result.task_path)
    lease.last_error, lease.expires_at = detail, None
    lease.save()
    if recovery is not None and recovery.idempotent and attempts < settings.KEHOACH_JOB_ATTEMPTS:
        result.status, result.finished_at = TaskResultStatus.READY, None
        result.save(update_fields=["status", "finished_at"])
        _call(recovery.requeue, result)
        audit_log(actor=None, action="job_retried", obj=result, message=detail,
                  after={"task": result.task_path, "attempts": attempts})
        return "retried"
    result.status, result.finished_at = TaskResultStatus.FAILED, now
    result.exception_class_path, result.traceback = WORKER_LOST, detail
    result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    if recovery is not None:
        _call(recovery.fail, result, message=lost_message(attempts))
    audit_log(actor=None, action="job_lost", obj=result, message=detail,
              after={"task": result.task_path, "attempts": attempts})
    return "failed"


# -- failures inside a job and manual retries ------------------------------------------------------------------


@receiver(task_finished)
def _on_task_finished(sender, task_result, **kwargs) -> None:
    """A job that raised: the owner's row says so (instead of staying "running")."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    recovery = recovery_for(task_result.task.module_path)
    if recovery is None:
        return
    error = task_result.errors[-1].exception_class_path.rsplit(".", 1)[-1] if task_result.errors else "?"
    message = _("Lỗi khi xử lý (%(error)s). Hãy thử lại; nếu vẫn không được, hãy báo quản trị hệ thống.") % {
        "error": error}
    try:
        recovery.fail(*task_result.args, message=message, **task_result.kwargs)
    except Exception:  # noqa: BLE001 - the job already failed; its owner's row is best effort
        log.exception("could not record the failure of job %s", task_result.id)


class JobNotRetryable(Exception):
    pass


def job_find(reference: str) -> DBTaskResult:
    """A job by its id or an unambiguous prefix of it (as `kehoach jobs` prints)."""
    reference = reference.strip().lower()
    matches = [r for r in DBTaskResult.objects.only("id").order_by() if str(r.id).startswith(reference)] \
        if len(reference) < 36 else list(DBTaskResult.objects.filter(pk=reference))
    if len(matches) != 1:
        raise JobNotRetryable(f"no job matches {reference!r}" if not matches else f"{reference!r} is ambiguous")
    return DBTaskResult.objects.select_related("lease").get(pk=matches[0].pk)


def job_retry(*, result: DBTaskResult, actor=None) -> DBTaskResult:
    """Put a failed job back in the queue with a fresh set of attempts."""
    with transaction.atomic():
        result = DBTaskResult.objects.select_for_update().get(pk=result.pk)
        if result.status != TaskResultStatus.FAILED:
            raise JobNotRetryable(f"job {result.pk} is {result.status.lower()}, only failed jobs are retried")
        before = {"status": result.status, "error": result.exception_class_path}
        result.status, result.finished_at = TaskResultStatus.READY, None
        result.exception_class_path, result.traceback = "", ""
        result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
        JobLease.objects.filter(result=result).update(attempts=0, expires_at=None)
        recovery = recovery_for(result.task_path)
        if recovery is not None:
            _call(recovery.requeue, result)
        audit_log(actor=actor, action="job_retry", obj=result, before=before, after={"status": result.status})
    return result


def jobs_overview(*, state: str | None = None, limit: int = 50) -> list[dict]:
    """The newest jobs with their state, age, attempts and last error, for `kehoach jobs`."""
    now = timezone.now()
    results = DBTaskResult.objects.select_related("lease").order_by("-enqueued_at")
    if state:
        results = results.filter(status=state.upper())
    rows = []
    for result in results[:limit]:
        lease = getattr(result, "lease", None)
        error = ""
        if result.status == TaskResultStatus.FAILED:
            last_line = (result.traceback or "").strip().splitlines()[-1:] or [""]
            error = f"{result.exception_class_path.rsplit('.', 1)[-1]}: {last_line[0]}".strip(": ")
        elif lease is not None and lease.last_error:
            error = lease.last_error
        state_text = result.status.lower()
        if result.status == TaskResultStatus.RUNNING and lease is not None and lease.expires_at \
                and lease.expires_at < now:
            state_text = "running (lease expired)"
        args = (result.args_kwargs or {}).get("args", [])
        rows.append({
            "id": str(result.id), "task": result.task_path.rsplit(".", 1)[-1], "args": args, "state": state_text,
            "age_seconds": int((now - result.enqueued_at).total_seconds()),
            "attempts": lease.attempts if lease else len(result.worker_ids or []),
            "last_error": error[:300],
        })
    return rows
