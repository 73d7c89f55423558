"""Leases, the reaper and `kehoach jobs`, in process (the subprocess kill -9 test is test_jobs_killed)."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult, get_date_max

from conftest import SEEDS
from kehoach.core import jobs
from kehoach.core.models import AuditEntry, JobLease
from kehoach.imports.models import ImportJob

CALLS: list[tuple] = []


@task()
def sample_job(value: int) -> int:
    return value


@task()
def sample_unsafe_job(value: int) -> int:
    return value


jobs.recoverable(sample_job, idempotent=True, requeue=lambda value: CALLS.append(("requeue", value)),
                 fail=lambda value, message: CALLS.append(("fail", value, message)))
jobs.recoverable(sample_unsafe_job, idempotent=False, requeue=lambda value: CALLS.append(("requeue", value)),
                 fail=lambda value, message: CALLS.append(("fail", value, message)))


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def running(task_obj, value: int, *, lease_expired_seconds_ago: float | None = 5, attempts: int = 1):
    now = timezone.now()
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [value], "kwargs": {}}, task_path=task_obj.module_path, backend_name="default",
        run_after=get_date_max(), status=TaskResultStatus.RUNNING, started_at=now - timedelta(minutes=5),
        worker_ids=["dead-worker"] * attempts)
    if lease_expired_seconds_ago is not None:
        JobLease.objects.create(result=result, worker_id="dead-worker", attempts=attempts,
                                expires_at=now - timedelta(seconds=lease_expired_seconds_ago))
    return result


@pytest.mark.django_db
def test_an_expired_lease_is_retried_once_then_failed_with_a_message():
    result = running(sample_job, 7)
    assert [outcome for _, outcome in jobs.jobs_reap()] == ["retried"]
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY and CALLS == [("requeue", 7)]
    assert DBTaskResult.objects.ready().filter(pk=result.pk).exists()  # a worker will pick it up again

    # The second worker takes it and dies too: no attempt left.
    result.claim("second-worker")
    lease = jobs.lease_take(result=result, worker_id="second-worker")
    assert lease.attempts == 2
    JobLease.objects.filter(pk=result.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert [outcome for _, outcome in jobs.jobs_reap()] == ["failed"]
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED and result.exception_class_path == jobs.WORKER_LOST
    assert CALLS[-1][:2] == ("fail", 7) and "dừng đột ngột" in CALLS[-1][2]
    assert list(AuditEntry.objects.filter(object_id=str(result.pk)).values_list("action", flat=True)) == [
        "job_lost", "job_retried"]


@pytest.mark.django_db
def test_a_job_that_is_not_idempotent_fails_at_once():
    running(sample_unsafe_job, 3)
    assert [outcome for _, outcome in jobs.jobs_reap()] == ["failed"]
    assert CALLS[0][:2] == ("fail", 3)


@pytest.mark.django_db
def test_live_leases_and_fresh_claims_are_left_alone():
    running(sample_job, 1, lease_expired_seconds_ago=-30)  # renewed recently
    fresh = running(sample_job, 2, lease_expired_seconds_ago=None)
    DBTaskResult.objects.filter(pk=fresh.pk).update(started_at=timezone.now())  # claimed, lease not yet taken
    assert jobs.jobs_reap() == [] and CALLS == []


@pytest.mark.django_db
def test_a_claim_without_a_lease_that_is_old_counts_as_dead():
    running(sample_job, 4, lease_expired_seconds_ago=None)
    assert [outcome for _, outcome in jobs.jobs_reap()] == ["retried"]


@pytest.mark.django_db
def test_heartbeat_renews_only_its_own_lease():
    result = running(sample_job, 5, lease_expired_seconds_ago=1)
    assert not jobs.lease_renew(result_id=result.pk, worker_id="someone-else")
    assert jobs.lease_renew(result_id=result.pk, worker_id="dead-worker")
    assert jobs.jobs_reap() == []


@pytest.mark.django_db
def test_jobs_command_lists_reaps_and_retries():
    result = running(sample_unsafe_job, 9)
    out = StringIO()
    call_command("jobs", "--reap", stdout=out)
    assert f"failed: {result.pk}" in out.getvalue()
    out = StringIO()
    call_command("jobs", "--json", stdout=out)
    [row] = json.loads(out.getvalue())
    assert row["state"] == "failed" and row["attempts"] == 1 and "WorkerLost" in row["last_error"]
    out = StringIO()
    call_command("jobs", stdout=out)
    assert str(result.pk)[:8] in out.getvalue() and "failed" in out.getvalue()

    call_command("jobs", "retry", str(result.pk)[:8], stdout=StringIO())
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY and JobLease.objects.get(pk=result.pk).attempts == 0
    assert CALLS[-1] == ("requeue", 9)
    with pytest.raises(CommandError, match="only failed jobs"):
        call_command("jobs", "retry", str(result.pk), stdout=StringIO())
    with pytest.raises(CommandError, match="no job"):
        call_command("jobs", "retry", "ffffffff", stdout=StringIO())


@pytest.fixture
def coordinator_client(client, personas, django_capture_on_commit_callbacks):
    client.force_login(personas.coordinator)
    original = client.post

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(*args, **kwargs)

    client.post = post
    return client


def test_an_import_job_that_raises_says_so_instead_of_running_for_ever(coordinator_client, monkeypatch):
    """Found a real bug: any error but a rejected file left the import "running" for ever."""
    import kehoach.imports.services as import_services

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(import_services, "parse_bytes", broken)
    path = next(SEEDS.glob("*.txt"))
    coordinator_client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    job = ImportJob.objects.get()
    assert job.status == "failed"
    page = coordinator_client.get(job.get_absolute_url()).content.decode()
    assert "OSError" in page and "Hãy thử lại" in page


def test_a_lost_document_job_shows_its_message_on_the_page(client, personas):
    from kehoach.documents.jobs import generate_document
    from kehoach.documents.services import document_request
    from kehoach.imports.services import import_bytes
    from kehoach.plans.services import plan_publish

    path = next(SEEDS.glob("*.txt"))
    plan = plan_publish(plan=import_bytes(data=path.read_bytes(), filename=path.name, actor=None), actor=None,
                        create_unknown=True)
    document = document_request(actor=personas.coordinator, plan=plan, kind="plan_docx", enqueue=False)
    result = running(generate_document, document.pk, attempts=2)
    assert [outcome for _, outcome in jobs.jobs_reap()] == ["failed"]
    client.force_login(personas.coordinator)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "dừng đột ngột" in page and 'data-status="failed"' in page
    assert DBTaskResult.objects.get(pk=result.pk).status == TaskResultStatus.FAILED
