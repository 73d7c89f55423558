"""A background worker killed with SIGKILL mid-job: the job ends retried-and-done or failed-with-message.

Real processes against a separate installation (SQLite, or a database of its own on PostgreSQL). A worker
is made to hang inside the job (the test replaces the parser or the renderer in that process only), so the
kill lands mid-run every time; then a normal worker takes over.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SEED = Path(__file__).resolve().parents[2] / "imports" / "seeds" / "ke-hoach-hop-tac-cong-nghe-2021-2025.txt"
# The import killed mid-read is another plan: the published one again would end, rightly, as "no change".
OTHER_SEED = SEED.with_name("ke-hoach-hoi-nhap-quoc-te-2025-2030.txt")
LEASE = {"KEHOACH_JOB_LEASE_SECONDS": "2"}

SETUP = f"""
import json
from django.core.files.uploadedfile import SimpleUploadedFile
from kehoach.accounts.models import User
from kehoach.organizations.services import registry_load
from kehoach.imports.services import import_bytes
from kehoach.plans.services import plan_publish

registry_load()
coordinator = User.objects.create_user("coordinator", password="x-Secret-42", role="coordinator")
data = open({str(SEED)!r}, "rb").read()
plan = plan_publish(plan=import_bytes(data=data, filename="published.txt", actor=None), actor=None,
                    create_unknown=True)
print(json.dumps({{"plan": plan.pk, "user": coordinator.pk}}))
"""

ENQUEUE_IMPORT = f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from kehoach.accounts.models import User
from kehoach.imports.services import import_job_create
data = open({str(OTHER_SEED)!r}, "rb").read()
job = import_job_create(upload=SimpleUploadedFile("killed.txt", data), actor=User.objects.get(username="coordinator"))
print(job.pk)
"""

ENQUEUE_RENDER = """
from kehoach.documents.services import document_request
from kehoach.plans.models import Plan
document = document_request(actor=None, plan=Plan.objects.get(status="published"), kind="plan_docx")
print(document.pk)
"""

# A worker whose job hangs where the real work would be (in this process only).
HANGING_WORKER = """
import threading
import django
django.setup()
import kehoach.documents.services as documents
import kehoach.imports.services as imports

def hang(*args, **kwargs):
    threading.Event().wait()

imports.parse_bytes = hang
documents.document_bytes = hang
from django.core.management import call_command
call_command("db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload")
"""


def wait_until(predicate, what: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def kill(process) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def stop(process) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except Exception:  # noqa: BLE001
            kill(process)


def one(installation, sql, params=()):
    rows = installation.query(sql, params)
    return rows[0] if rows else None


def task_row(installation, task: str, arg: int):
    """(status, attempts, last error) of the job that runs ``task(arg)``."""
    for status, args_kwargs, attempts, traceback in installation.query(
            "SELECT r.status, r.args_kwargs, l.attempts, r.traceback FROM django_tasks_database_dbtaskresult r "
            "LEFT JOIN core_joblease l ON l.result_id = r.id WHERE r.task_path LIKE %s", (f"%.{task}",)):
        if (json.loads(args_kwargs) if isinstance(args_kwargs, str) else args_kwargs)["args"] == [arg]:
            return status, attempts, traceback
    return None


def test_a_worker_killed_mid_import_and_mid_render(installation):
    installation.prepare("migrated")
    installation.python(SETUP)
    workers = []
    try:
        # 1. The import: killed once mid-read, retried by the next worker, done; one draft plan, not two.
        job_id = int(installation.python(ENQUEUE_IMPORT).stdout.strip())
        hanging = installation.spawn(python_code=HANGING_WORKER, env=LEASE)
        workers.append(hanging)
        wait_until(lambda: one(installation, "SELECT status FROM imports_importjob WHERE id=%s", (job_id,))
                   == ("running",), "the import to start")
        kill(hanging)
        assert task_row(installation, "run_import_job", job_id)[0] == "RUNNING"

        worker = installation.spawn("db_worker", "--interval", "0.2", "--no-startup-delay", env=LEASE)
        workers.append(worker)
        wait_until(lambda: one(installation, "SELECT status FROM imports_importjob WHERE id=%s", (job_id,))
                   == ("done",), "the retried import to finish")
        status, attempts, _ = wait_until(lambda: (row := task_row(installation, "run_import_job", job_id))
                                         and row[0] == "SUCCESSFUL" and row, "the job to be marked successful")
        assert attempts == 2
        assert one(installation, "SELECT count(*) FROM plans_plan WHERE source_name=%s", ("killed.txt",)) == (1,)
        stop(worker)

        # 2. A document: its worker killed twice mid-render; with no attempt left it fails with a message.
        document_id = int(installation.python(ENQUEUE_RENDER).stdout.strip())
        for attempt in (1, 2):
            hanging = installation.spawn(python_code=HANGING_WORKER, env=LEASE)
            workers.append(hanging)
            wait_until(lambda attempt=attempt: (row := task_row(installation, "generate_document", document_id))
                       and row[0] == "RUNNING" and row[1] == attempt, f"render attempt {attempt}")
            kill(hanging)
        worker = installation.spawn("db_worker", "--interval", "0.2", "--no-startup-delay", env=LEASE)
        workers.append(worker)
        status, message = wait_until(
            lambda: (row := one(installation, "SELECT status, message FROM documents_generateddocument WHERE id=%s",
                                (document_id,))) and row[0] == "failed" and row, "the document to be failed")
        assert "dừng đột ngột" in message
        assert task_row(installation, "generate_document", document_id)[0] == "FAILED"

        listing = json.loads(installation.run("jobs", "--json").stdout)
        failed = next(row for row in listing if row["task"] == "generate_document")
        assert failed["state"] == "failed" and failed["attempts"] == 2 and "WorkerLost" in failed["last_error"]

        # 3. An administrator retries it; the live worker renders it.
        installation.run("jobs", "retry", failed["id"][:8])
        wait_until(lambda: one(installation, "SELECT status FROM documents_generateddocument WHERE id=%s",
                               (document_id,)) == ("done",), "the retried document")
        assert one(installation, "SELECT count(*) FROM core_auditentry WHERE action=%s", ("job_lost",)) == (1,)
        assert one(installation, "SELECT count(*) FROM core_auditentry WHERE action=%s", ("job_retried",)) == (2,)
    finally:
        for process in workers:
            if process.poll() is None:
                kill(process)
