"""Reading plan documents into draft plans: CLI, upload page and background job all come through here."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log
from kehoach.core.uploads import megabytes
from kehoach.organizations.selectors import registry_names
from kehoach.plans.choices import PlanStatus, VersionSource
from kehoach.plans.models import Plan
from kehoach.plans.selectors import draft_diff_against_published
from kehoach.plans.services import plan_archive, plan_create_from_parsed

from . import jobs
from .choices import ALLOWED_EXTENSIONS, JobStatus
from .models import ImportJob, ScanCrop
from .parsing import ImportRejected, ParsedPlan, ParsedTask, UnitRegistry, parse_document

if TYPE_CHECKING:
    from kehoach.accounts.models import User


class NoChange(Exception):
    """The document read is the plan already in the system: nothing to review, nothing stored."""

    def __init__(self, plan: Plan):
        super().__init__(plan.pk)
        self.plan = plan

    @property
    def message(self) -> str:
        if self.plan.status == PlanStatus.DRAFT:
            return _("Không có thay đổi: văn bản này đã được nhập, bản nháp đang chờ rà soát.")
        return _("Không có thay đổi so với kế hoạch đang theo dõi.")


def current_registry() -> UnitRegistry:
    names, aliases = registry_names()
    return UnitRegistry(names, aliases)


def check_upload(*, name: str, size: int) -> None:
    """Refuse before reading: wrong extension or over the upload limit."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        raise ImportRejected(
            "wrong_extension",
            _("Không nhận tệp %(ext)s. Chỉ nhận: %(allowed)s.")
            % {"ext": suffix or _("không có phần mở rộng"), "allowed": ", ".join(ALLOWED_EXTENSIONS)},
        )
    limit = settings.KEHOACH_UPLOAD_MAX_BYTES
    if size > limit:
        raise ImportRejected(
            "too_large",
            _("Tệp nặng %(size)s MB, vượt giới hạn %(limit)s MB.") % {"size": megabytes(size), "limit": megabytes(limit)},
        )
    if size == 0:
        raise ImportRejected("empty", _("Tệp rỗng, không có nội dung để nhập."))


def _store_crops(*, job: ImportJob, plan: Plan, parsed: ParsedPlan) -> int:
    """A scan: keep each task's row picture beside the draft (the tasks are created in the parsed order)."""
    crops = [c for c in (parsed.crops or []) if c]
    if not crops:
        return 0
    assert plan.current_version is not None  # _store has just made the draft's version
    tasks = {t.position: t for t in plan.current_version.tasks.all()}
    stored = 0
    for k, (crop, row) in enumerate(zip(parsed.crops, parsed.tasks, strict=False), start=1):
        task = tasks.get(k)
        if not crop or task is None:
            continue
        scan = row.scan or {}
        item = ScanCrop(job=job, task=task, page=int(scan.get("page") or 0),
                        confidence=float(scan.get("confidence") or 100.0), low_fields=list(scan.get("low") or []))
        item.image.save(f"row-{k}.jpg", ContentFile(crop), save=False)
        item.full_clean()
        item.save()
        stored += 1
    return stored


def parse_bytes(data: bytes, filename: str, *, progress: Callable[[int, int], None] | None = None) -> ParsedPlan:
    check_upload(name=filename, size=len(data))
    return parse_document(data, filename, registry=current_registry(), progress=progress,
                          max_bytes=settings.KEHOACH_UPLOAD_MAX_BYTES)


def import_bytes(*, data: bytes, filename: str, actor: User | None, replaces: Plan | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Plan:
    """Read a document and store it as a draft plan for review; all or nothing."""
    require(actor, "imports.import_document")
    parsed = parse_bytes(data, filename, progress=progress)
    return _store(parsed, data=data, filename=filename, actor=actor, replaces=replaces)


def _earlier_import(parsed: ParsedPlan, data: bytes) -> Plan | None:
    """The plan this document was already imported as (same bytes), else a published plan with its number
    and date: the document is then a re-import, shown as a diff before it is applied."""
    same = (Plan.objects.filter(source_sha256=hashlib.sha256(data).hexdigest())
            .exclude(status=PlanStatus.ARCHIVED).order_by("-id").first())
    if same is not None or not parsed.number:
        return same
    return (Plan.objects.filter(status=PlanStatus.PUBLISHED, number=parsed.number[:60],
                                issued_on=parsed.issued_on or None).order_by("-id").first())


def _store(parsed: ParsedPlan, *, data: bytes, filename: str, actor, replaces: Plan | None) -> Plan:
    """A read document becomes a draft to review, or a draft of a published plan's next version (with its
    diff), or nothing at all when it changes nothing (``NoChange``): a re-import always finishes."""
    if replaces is None:
        earlier = _earlier_import(parsed, data)
        if earlier is not None and earlier.status == PlanStatus.DRAFT:
            raise NoChange(earlier)
        replaces = earlier
    sha = hashlib.sha256(data).hexdigest()
    if replaces is not None:
        pending = Plan.objects.filter(replaces=replaces, status=PlanStatus.DRAFT, source_sha256=sha).first()
        if pending is not None:
            raise NoChange(pending)  # this very re-import already waits for review
    with transaction.atomic():
        plan = plan_create_from_parsed(parsed=parsed.to_dict(), actor=actor, source_name=Path(filename).name,
                                       source_bytes=data, replaces=replaces)
        if replaces is not None and not draft_diff_against_published(plan):
            raise NoChange(replaces)  # nothing to review: leaving the block drops the draft
    return plan


@transaction.atomic
def import_job_create(*, upload, actor: User, replaces: Plan | None = None) -> ImportJob:
    """Accept an upload and queue it for reading in the background."""
    require(actor, "imports.import_document")
    check_upload(name=upload.name, size=upload.size)
    job = ImportJob(original_name=Path(upload.name).name[:255], size=upload.size, created_by=actor, replaces=replaces)
    job.file.save(job.original_name, ContentFile(upload.read()), save=False)
    job.save()
    audit_log(actor=actor, action="import.upload", obj=job, after={"name": job.original_name, "size": job.size})
    transaction.on_commit(lambda: jobs.run_import_job.enqueue(job.pk))
    return job


def _progress_writer(job_id: int) -> Callable[[int, int], None]:
    last = [0.0]

    def write(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done >= total:  # a few writes a second at most
            last[0] = now
            ImportJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)

    return write


def import_job_run(*, job_id: int) -> ImportJob:
    """The background half: read the file, store the draft, record the outcome on the job.

    Idempotent, so a job whose worker died can be run again: the draft plan and the job's "done" are
    written in one transaction (either both are there or neither), and a job that is not queued is left alone.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING)
    job = ImportJob.objects.select_related("created_by", "replaces").get(pk=job_id)
    if not claimed:
        return job  # another worker has it, or it already ran
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        require(job.created_by, "imports.import_document")  # no owner: queued by the system
        parsed = parse_bytes(data, job.original_name, progress=_progress_writer(job.pk))
        with transaction.atomic():
            job.plan = _store(parsed, data=data, filename=job.original_name, actor=job.created_by,
                              replaces=job.replaces)
            _store_crops(job=job, plan=job.plan, parsed=parsed)
            job.status, job.message, job.error_code = JobStatus.DONE, "", ""
            job.save(update_fields=["status", "message", "error_code", "plan", "updated_at"])
        return job
    except NoChange as exc:
        job.status, job.message, job.error_code, job.plan = JobStatus.DONE, exc.message, "no_change", None
        job.replaces = exc.plan
        job.save(update_fields=["status", "message", "error_code", "plan", "replaces", "updated_at"])
        return job
    except ImportRejected as exc:
        job.status, job.message, job.error_code = JobStatus.FAILED, exc.message, exc.code
        if exc.partial is not None:
            job.partial = exc.partial.to_dict()["document"]
            job.save(update_fields=["partial"])
    except (ValidationError, PermissionDenied) as exc:
        job.status, job.error_code = JobStatus.FAILED, "invalid"
        job.message = " ".join(getattr(exc, "messages", [str(exc)]))
    job.plan = None
    job.save(update_fields=["status", "message", "error_code", "plan", "updated_at"])
    return job


@transaction.atomic
def import_job_requeue(*, job_id: int) -> None:
    """The job is to run again (its worker died, or an administrator asked): back to "queued"."""
    job = ImportJob.objects.select_for_update().filter(pk=job_id).exclude(status=JobStatus.DONE).first()
    if job is None:
        return
    before = {"status": job.status}
    job.status, job.progress_done, job.progress_total, job.message, job.error_code = JobStatus.QUEUED, 0, 0, "", ""
    job.save(update_fields=["status", "progress_done", "progress_total", "message", "error_code", "updated_at"])
    audit_log(actor=None, action="import.requeue", obj=job, before=before, after={"status": job.status})


@transaction.atomic
def import_job_fail(*, job_id: int, message: str) -> None:
    """The job cannot finish (its worker died for the last time, or it raised): say so on the job's page."""
    job = ImportJob.objects.select_for_update().filter(pk=job_id).exclude(status=JobStatus.DONE).first()
    if job is None:
        return
    before = {"status": job.status}
    job.status, job.message, job.error_code = JobStatus.FAILED, message, "job_failed"
    job.save(update_fields=["status", "message", "error_code", "updated_at"])
    audit_log(actor=None, action="import.failed", obj=job, before=before, after={"status": job.status},
              message=message)


def plan_create_manual(*, actor: User, document: dict, tasks: list[ParsedTask], replaces_draft: Plan | None = None) -> Plan:
    """A plan entered by hand (facts form and task grid, paste or template): a draft for the same review and
    publish as an import. ``replaces_draft``: a thin import's draft this entry completes (archived, not kept
    beside it)."""
    require(actor, "imports.import_document")
    if not tasks:
        raise ValidationError(_("Chưa có dòng nhiệm vụ nào."))
    with transaction.atomic():
        plan = plan_create_from_parsed(parsed={"document": document, "tasks": [t.to_dict() for t in tasks]},
                                       actor=actor, source=VersionSource.MANUAL)
        if replaces_draft is not None and replaces_draft.status == PlanStatus.DRAFT:
            plan_archive(plan=replaces_draft, actor=actor)
    return plan
