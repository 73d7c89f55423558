"""Writes of the reporting cycle. Every function: permission check, one transaction, full_clean, audit entry."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.accounts.models import User
from kehoach.accounts.services import notification_create
from kehoach.core.permissions import require
from kehoach.core.services import audit_log, snapshot
from kehoach.organizations.selectors import expand_to_units
from kehoach.plans.choices import AssignmentRole, PlanStatus, TaskProgress
from kehoach.plans.models import Plan, Task

from .choices import (
    EDITABLE_STATES,
    EntryStatus,
    ObligationRole,
    PeriodKind,
    PeriodState,
    ReminderStep,
    ReportState,
)
from .models import (
    CoordinatorInput,
    Evidence,
    Obligation,
    ReminderLog,
    ReportingPeriod,
    ReportTransition,
    TaskReportEntry,
    UnitReport,
    UnitReportRevision,
)

REPORT_FIELDS = ["summary", "difficulties", "proposals"]
ENTRY_FIELDS = ["status", "percent", "results", "difficulties", "proposals", "evidence_number", "evidence_link",
                "related_units_text"]


# ---------------------------------------------------------------- permissions (one place)

def can_manage(user) -> bool:
    return bool(user and (user.is_coordinator or user.is_superuser))


def can_edit(user, report: UnitReport) -> bool:
    """The unit's own focal point or head, while the report is theirs to change and the period allows it."""
    if not (user.is_unit_member and user.unit_id == report.unit_id):
        return False
    if report.state not in EDITABLE_STATES:
        return False
    # After closing, only a report the coordinator reopened (returned) stays editable.
    return report.period.is_open or report.state == ReportState.RETURNED


# ---------------------------------------------------------------- periods and obligations

def _period_window(period: ReportingPeriod) -> tuple[dt.date, dt.date]:
    if period.kind == PeriodKind.YEARLY:
        return dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
    return dt.date(period.year, 1, 1), max(period.deadline, dt.date(period.year, 12, 31))


def _desired_obligations(period: ReportingPeriod) -> set[tuple[int, int, str]]:
    """(unit, task, role) triples the plan's current version asks of units in this period."""
    start, end = _period_window(period)
    tasks = Task.objects.filter(version_id=period.plan.current_version_id, is_archived=False) \
        .prefetch_related("assignments__organization")
    scope_units = set(period.scope_units.values_list("id", flat=True))
    lineages = {str(x) for x in period.scope_lineages or []}
    expanded: dict[int, list[int]] = {}
    result: set[tuple[int, int, str]] = set()
    for task in tasks:
        if not task.overlaps(start, end):
            continue
        if lineages and str(task.lineage) not in lineages:
            continue
        for assignment in task.assignments.all():
            org = assignment.organization
            if org is None:
                continue
            if org.id not in expanded:
                expanded[org.id] = [u.id for u in expand_to_units(org)]
            for unit_id in expanded[org.id]:
                if scope_units and unit_id not in scope_units:
                    continue
                role = ObligationRole.LEAD if assignment.role == AssignmentRole.LEAD else ObligationRole.COORDINATING
                result.add((unit_id, task.id, role))
    # A unit that leads a task does not also coordinate it.
    leads = {(u, t) for u, t, r in result if r == ObligationRole.LEAD}
    return {(u, t, r) for u, t, r in result if r == ObligationRole.LEAD or (u, t) not in leads}


def _sync_obligations(period: ReportingPeriod, *, actor) -> dict:
    """Bring obligations, reports and draft entries in line with the plan's current version."""
    desired = _desired_obligations(period)
    existing = {(o.unit_id, o.task_id, o.role): o for o in period.obligations.filter(named_by_lead=False)}
    new = [Obligation(period=period, unit_id=u, task_id=t, role=r) for (u, t, r) in desired - existing.keys()]
    Obligation.objects.bulk_create(new)
    dropped = [o.id for k, o in existing.items() if k not in desired]
    Obligation.objects.filter(id__in=dropped).delete()  # derived rows, recomputed from the plan
    lead_tasks: dict[int, set[int]] = defaultdict(set)
    for u, t, r in desired:
        if r == ObligationRole.LEAD:
            lead_tasks[u].add(t)
    reports = {r.unit_id: r for r in period.reports.all()}
    created_reports = []
    for unit_id in lead_tasks:
        if unit_id not in reports:
            created_reports.append(UnitReport(period=period, unit_id=unit_id))
    UnitReport.objects.bulk_create(created_reports)
    if created_reports:
        reports = {r.unit_id: r for r in period.reports.all()}
    have = defaultdict(set)
    for unit_id, task_id in TaskReportEntry.objects.filter(report__period=period) \
            .values_list("report__unit_id", "task_id"):
        have[unit_id].add(task_id)
    entries = [TaskReportEntry(report=reports[u], task_id=t)
               for u, tasks in lead_tasks.items() if reports[u].state in EDITABLE_STATES
               for t in tasks - have[u]]
    TaskReportEntry.objects.bulk_create(entries)
    # Draft entries on tasks no longer owed (and never written) go; written ones stay for the unit to see.
    removed = 0
    for report in reports.values():
        if report.state not in EDITABLE_STATES:
            continue
        stale = TaskReportEntry.objects.filter(report=report).exclude(task_id__in=lead_tasks.get(report.unit_id, ()))
        removed += stale.filter(status="", results="", evidence_number="", evidence_link="",
                                evidence__isnull=True).delete()[0]
    return {"obligations_added": len(new), "obligations_dropped": len(dropped), "entries_added": len(entries),
            "entries_removed": removed, "reports_added": len(created_reports)}


def _yearly_deadline(plan: Plan, year: int) -> dt.date:
    deadline = plan.reporting_deadlines.order_by("month", "day").first()
    if deadline is None:
        return dt.date(year, 11, 30)
    return dt.date(year, deadline.month, deadline.day)


@transaction.atomic
def period_open_yearly(*, plan: Plan, year: int, actor, cutoff: dt.date | None = None,
                       opens_on: dt.date | None = None, instructions: str = "") -> ReportingPeriod:
    """Open the plan's yearly period; deadline from the plan's reporting deadline (e.g. 30/11/year)."""
    require(actor is None or can_manage(actor), _("Chỉ đơn vị đầu mối mới được mở kỳ báo cáo."))
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Chỉ mở kỳ báo cáo cho kế hoạch đã ban hành."))
    if ReportingPeriod.objects.filter(plan=plan, kind=PeriodKind.YEARLY, year=year).exists():
        raise ValidationError(_("Kỳ báo cáo năm %(year)s của kế hoạch này đã được mở.") % {"year": year})
    deadline = _yearly_deadline(plan, year)
    opens_on = opens_on or min(timezone.localdate(), deadline)
    period = ReportingPeriod(
        plan=plan, kind=PeriodKind.YEARLY, year=year, opens_on=opens_on, deadline=deadline,
        cutoff=cutoff or deadline, instructions=instructions, created_by=actor if actor else None,
        label=_("Báo cáo năm %(year)s") % {"year": year},
    )
    _check_dates(period)
    period.full_clean()
    period.save()
    counts = _sync_obligations(period, actor=actor)
    audit_log(actor=actor, action="reporting.period_open", obj=period,
              after=snapshot(period, ["kind", "year", "opens_on", "cutoff", "deadline"]), message=str(counts))
    _notify_units(period, _("Mở kỳ báo cáo: %(label)s") % {"label": period.label},
                  _("Hạn gửi báo cáo: %(date)s") % {"date": _d(period.deadline)})
    return period


def _check_dates(period: ReportingPeriod) -> None:
    if period.deadline < period.opens_on:
        raise ValidationError({"deadline": _("Hạn gửi báo cáo (%(deadline)s) không được trước ngày mở kỳ "
                                             "(%(opens)s).") % {"deadline": _d(period.deadline),
                                                               "opens": _d(period.opens_on)}})
    if abs((period.cutoff - period.deadline).days) > 366:
        raise ValidationError({"cutoff": _("Ngày chốt số liệu quá xa hạn gửi báo cáo.")})


@transaction.atomic
def period_open_ad_hoc(*, plan: Plan, actor, label: str, deadline: dt.date, opens_on: dt.date | None = None,
                       cutoff: dt.date | None = None, units=(), lineages=(), instructions: str = ""
                       ) -> ReportingPeriod:
    """An ad hoc request (khi có yêu cầu) with its own deadline, chosen units/tasks and instructions."""
    require(actor is None or can_manage(actor), _("Chỉ đơn vị đầu mối mới được mở kỳ báo cáo."))
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Chỉ mở kỳ báo cáo cho kế hoạch đã ban hành."))
    opens_on = opens_on or timezone.localdate()
    period = ReportingPeriod(plan=plan, kind=PeriodKind.AD_HOC, year=(cutoff or deadline).year,
                             label=label.strip() or _("Báo cáo đột xuất"), opens_on=opens_on, deadline=deadline,
                             cutoff=cutoff or deadline, instructions=instructions,
                             scope_lineages=[str(x) for x in lineages], created_by=actor)
    _check_dates(period)
    period.full_clean()
    period.save()
    if units:
        period.scope_units.set(units)
    counts = _sync_obligations(period, actor=actor)
    audit_log(actor=actor, action="reporting.period_open", obj=period,
              after=snapshot(period, ["kind", "label", "opens_on", "cutoff", "deadline"]), message=str(counts))
    _notify_units(period, _("Yêu cầu báo cáo: %(label)s") % {"label": period.label},
                  _("Hạn gửi báo cáo: %(date)s") % {"date": _d(period.deadline)})
    return period


@transaction.atomic
def period_close(*, period: ReportingPeriod, actor) -> ReportingPeriod:
    require(can_manage(actor), _("Chỉ đơn vị đầu mối mới được đóng kỳ báo cáo."))
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_open:
        raise ValidationError(_("Kỳ báo cáo đã đóng."))
    before = snapshot(period, ["state"])
    period.state, period.closed_at = PeriodState.CLOSED, timezone.now()
    period.full_clean()
    period.save()
    audit_log(actor=actor, action="reporting.period_close", obj=period, before=before,
              after=snapshot(period, ["state"]))
    return period


def plan_version_changed_handler(sender, *, plan, version, actor=None, **kwargs) -> None:
    """Open periods follow the plan's new version: draft entries move to the new task rows (same lineage)."""
    with transaction.atomic():
        new_by_lineage = dict(Task.objects.filter(version=version).values_list("lineage", "id"))
        for period in ReportingPeriod.objects.filter(plan=plan, state=PeriodState.OPEN):
            entries = TaskReportEntry.objects.filter(report__period=period, report__state__in=EDITABLE_STATES) \
                .exclude(task__version=version).select_related("task")
            for entry in entries:
                new_id = new_by_lineage.get(entry.task.lineage)
                if new_id and not TaskReportEntry.objects.filter(report_id=entry.report_id, task_id=new_id).exists():
                    entry.task_id = new_id
                    entry.save(update_fields=["task"])
            for item in CoordinatorInput.objects.filter(period=period).exclude(task__version=version) \
                    .select_related("task"):
                new_id = new_by_lineage.get(item.task.lineage)
                if new_id:
                    item.task_id = new_id
                    item.save(update_fields=["task"])
            counts = _sync_obligations(period, actor=actor)
            audit_log(actor=actor, action="reporting.period_repoint", obj=period, message=str(counts))


# ---------------------------------------------------------------- notifications

def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _unit_users(unit_ids, roles=("focal_point", "unit_head")):
    return User.objects.filter(unit_id__in=unit_ids, role__in=roles, is_active=True)


def _coordinators():
    return User.objects.filter(role="coordinator", is_active=True)


def _notify(users, title: str, body: str = "", url: str = "") -> None:
    for user in users:
        notification_create(user=user, title=title, body=body, url=url)


def _notify_units(period: ReportingPeriod, title: str, body: str) -> None:
    unit_ids = period.obligations.values_list("unit_id", flat=True).distinct()
    _notify(_unit_users(unit_ids, roles=("focal_point",)), title, body, reverse_lazy_home())


def reverse_lazy_home() -> str:
    return reverse("reporting:home")


# ---------------------------------------------------------------- drafts

def _locked_report(report: UnitReport) -> UnitReport:
    return UnitReport.objects.select_for_update().select_related("period", "unit").get(pk=report.pk)


def _conflict(report: UnitReport) -> ValidationError:
    when = timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y") if report.updated_at else ""
    who = str(report.updated_by) if report.updated_by_id else ""
    return ValidationError(_("Báo cáo đã được người khác cập nhật lúc %(when)s%(who)s; hãy tải lại trang trước khi "
                             "sửa tiếp.") % {"when": when, "who": f" ({who})" if who else ""}, code="stale")


def _parse_percent(value, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(_("%(task)s: tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100.") % {"task": label}) \
            from None
    if not 0 <= number <= 100:
        raise ValidationError(_("%(task)s: tỷ lệ hoàn thành phải từ 0 đến 100 (đã nhập %(value)s).")
                              % {"task": label, "value": number})
    return number


@transaction.atomic
def report_save_draft(*, report: UnitReport, actor, version: int, data: dict | None = None,
                      entries: dict | None = None) -> UnitReport:
    """Save what the unit typed (autosave). `entries`: {entry_id: {field: value}}. Stale version → nothing saved."""
    report = _locked_report(report)
    require(can_edit(actor, report), _("Bạn không được sửa báo cáo này."))
    if int(version) != report.version:
        raise _conflict(report)
    before = snapshot(report, REPORT_FIELDS)
    for name in REPORT_FIELDS:
        if data and name in data:
            setattr(report, name, str(data[name] or "").strip())
    rows = {e.id: e for e in report.entries.select_related("task")}
    changed = []
    errors = []
    for key, values in (entries or {}).items():
        entry = rows.get(int(key))
        if entry is None:
            raise ValidationError(_("Nội dung báo cáo không thuộc báo cáo này."))
        label = _("Nhiệm vụ %(ref)s") % {"ref": entry.task.ref or entry.task.position}
        for name, value in values.items():
            if name not in ENTRY_FIELDS:
                continue
            if name == "percent":
                try:
                    value = _parse_percent(value, label)
                except ValidationError as exc:
                    errors.extend(exc.messages)
                    continue
            elif name == "status" and value and value not in EntryStatus.values:
                errors.append(_("%(task)s: tình trạng không hợp lệ.") % {"task": label})
                continue
            else:
                value = str(value or "").strip()
            setattr(entry, name, value)
        try:
            entry.full_clean(exclude=["report", "task"])
        except ValidationError as exc:
            errors.extend(f"{label}: {m}" for m in exc.messages)
        changed.append(entry)
    if errors:
        raise ValidationError(errors)
    for entry in changed:
        entry.save()
    if report.state == ReportState.APPROVED:
        # A change after the head's approval needs a new approval.
        _transition(report, actor=actor, to=ReportState.DRAFT, reason=_("Sửa nội dung sau khi đã duyệt"))
    report.version += 1
    report.updated_by = actor
    report.full_clean()
    report.save()
    audit_log(actor=actor, action="reporting.report_save", obj=report, before=before,
              after=snapshot(report, REPORT_FIELDS), message=_("Lưu nháp (%(n)s nhiệm vụ)") % {"n": len(changed)})
    return report


@transaction.atomic
def coordinator_input_save(*, period: ReportingPeriod, task: Task, actor, text: str) -> CoordinatorInput:
    """A coordinating unit writes its contribution on a task (the lead unit reads it while writing)."""
    require(actor.is_unit_member and period.obligations.filter(
        unit_id=actor.unit_id, task=task, role=ObligationRole.COORDINATING).exists(),
        _("Đơn vị của bạn không phối hợp nhiệm vụ này trong kỳ báo cáo."))
    require(period.is_open, _("Kỳ báo cáo đã đóng."))
    if not text.strip():
        raise ValidationError(_("Hãy nhập nội dung phối hợp."))
    item, _created = CoordinatorInput.objects.get_or_create(period=period, unit_id=actor.unit_id, task=task,
                                                            defaults={"text": text.strip(), "updated_by": actor})
    before = snapshot(item, ["text"])
    item.text, item.updated_by = text.strip(), actor
    item.full_clean()
    item.save()
    audit_log(actor=actor, action="reporting.input_save", obj=item, before=before, after=snapshot(item, ["text"]))
    return item


# ---------------------------------------------------------------- evidence

SNIFF = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
EXTENSIONS = {".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg", ".gif"}


def sniff_content_type(head: bytes, data_file) -> str | None:
    """The file's real type from its bytes: PDF, PNG, JPEG, GIF, or an Office Open XML (DOCX/XLSX) zip."""
    for kind, magics in SNIFF.items():
        if any(head.startswith(m) for m in magics):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            data_file.seek(0)
            names = set(zipfile.ZipFile(data_file).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            data_file.seek(0)
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


@transaction.atomic
def evidence_add(*, entry: TaskReportEntry, actor, upload) -> Evidence:
    report = _locked_report(entry.report)
    require(can_edit(actor, report), _("Bạn không được sửa báo cáo này."))
    name = str(upload.name)
    limit = settings.KEHOACH_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("Tệp “%(name)s” quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                              % {"name": name, "size": round(upload.size / 1048576, 1),
                                 "limit": round(limit / 1048576, 1)})
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    upload.seek(0)
    head = upload.read(16)
    kind = sniff_content_type(head, upload) if ext in EXTENSIONS else None
    if kind is None:
        raise ValidationError(_("Tệp “%(name)s” không đúng định dạng cho phép (PDF, DOCX, XLSX, ảnh PNG/JPEG/GIF).")
                              % {"name": name})
    upload.seek(0)
    evidence = Evidence(entry=entry, file=upload, original_name=name[:255], content_type=kind, size=upload.size,
                        uploaded_by=actor)
    evidence.full_clean()
    evidence.save()
    report.version += 1
    report.updated_by = actor
    report.save(update_fields=["version", "updated_by", "updated_at"])
    audit_log(actor=actor, action="reporting.evidence_add", obj=evidence,
              after={"name": name, "size": upload.size, "type": kind})
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor) -> Evidence:
    report = _locked_report(evidence.entry.report)
    require(can_edit(actor, report), _("Bạn không được sửa báo cáo này."))
    evidence.is_archived = True  # no hard delete: the file stays for the audit trail
    evidence.save(update_fields=["is_archived"])
    audit_log(actor=actor, action="reporting.evidence_remove", obj=evidence, before={"is_archived": False},
              after={"is_archived": True})
    return evidence


# ---------------------------------------------------------------- workflow

def _transition(report: UnitReport, *, actor, to: str, reason: str = "") -> None:
    ReportTransition.objects.create(report=report, actor=actor, from_state=report.state, to_state=to,
                                    reason=reason)
    before = {"state": report.state}
    report.state = to
    report.version += 1
    report.updated_by = actor
    report.full_clean()
    report.save()
    audit_log(actor=actor, action=f"reporting.report_{to}", obj=report, before=before, after={"state": to},
              message=reason)


def validate_for_submission(report: UnitReport) -> list[str]:
    """Everything wrong that stops a report being sent; empty when it may go."""
    errors = []
    entries = report.entries.select_related("task").prefetch_related("evidence")
    for entry in entries:
        label = _("Nhiệm vụ %(ref)s") % {"ref": entry.task.ref or entry.task.position}
        if not entry.status:
            errors.append(_("%(task)s: chưa chọn tình trạng thực hiện.") % {"task": label})
        if entry.percent is None:
            errors.append(_("%(task)s: chưa nhập tỷ lệ hoàn thành (0–100).") % {"task": label})
        elif not 0 <= entry.percent <= 100:
            errors.append(_("%(task)s: tỷ lệ hoàn thành phải từ 0 đến 100.") % {"task": label})
        if entry.status and entry.status != EntryStatus.NOT_STARTED and not entry.results.strip():
            errors.append(_("%(task)s: chưa nêu kết quả thực hiện.") % {"task": label})
        if entry.status == EntryStatus.COMPLETED and not entry.has_evidence:
            errors.append(_("%(task)s: báo cáo hoàn thành cần minh chứng sản phẩm (tệp, đường dẫn hoặc số văn "
                            "bản).") % {"task": label})
        if entry.status == EntryStatus.ADJUSTMENT and not entry.proposals.strip():
            errors.append(_("%(task)s: đề nghị điều chỉnh cần nêu nội dung đề xuất.") % {"task": label})
    return errors


def _revision_data(report: UnitReport) -> dict:
    return {
        "summary": report.summary, "difficulties": report.difficulties, "proposals": report.proposals,
        "entries": [
            {"task_id": e.task_id, "lineage": str(e.task.lineage), "ref": e.task.ref, "title": e.task.title,
             "status": e.status, "percent": e.percent, "results": e.results, "difficulties": e.difficulties,
             "proposals": e.proposals, "evidence_number": e.evidence_number, "evidence_link": e.evidence_link,
             "files": [f.original_name for f in e.evidence.all() if not f.is_archived]}
            for e in report.entries.select_related("task").prefetch_related("evidence")
        ],
    }


@transaction.atomic
def report_approve(*, report: UnitReport, actor, version: int | None = None) -> UnitReport:
    """The unit head approves the draft (ký duyệt); it then awaits submission."""
    report = _locked_report(report)
    require(actor.is_unit_head and actor.unit_id == report.unit_id and can_edit(actor, report),
            _("Chỉ lãnh đạo đơn vị mới được duyệt báo cáo của đơn vị mình."))
    if version is not None and int(version) != report.version:
        raise _conflict(report)
    if report.state == ReportState.APPROVED:
        raise ValidationError(_("Báo cáo đã được duyệt."))
    errors = validate_for_submission(report)
    if errors:
        raise ValidationError(errors)
    _transition(report, actor=actor, to=ReportState.APPROVED)
    _notify(_unit_users([report.unit_id], roles=("focal_point",)), _("Báo cáo đã được lãnh đạo đơn vị duyệt"),
            str(report), report.get_absolute_url())
    return report


@transaction.atomic
def report_submit(*, report: UnitReport, actor, version: int | None = None) -> UnitReport:
    """Send the approved report to the coordinating department; keeps a readable revision."""
    report = _locked_report(report)
    require(actor.is_unit_member and actor.unit_id == report.unit_id and can_edit(actor, report),
            _("Bạn không được gửi báo cáo này."))
    if version is not None and int(version) != report.version:
        raise _conflict(report)
    if report.state != ReportState.APPROVED:
        raise ValidationError(_("Báo cáo cần được lãnh đạo đơn vị duyệt trước khi gửi."))
    errors = validate_for_submission(report)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    number = report.revisions.count() + 1
    UnitReportRevision.objects.create(report=report, number=number, data=_revision_data(report), created_by=actor)
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    _transition(report, actor=actor, to=ReportState.SUBMITTED)
    _notify(_coordinators(), _("%(unit)s đã gửi báo cáo") % {"unit": report.unit},
            str(report.period), report.get_absolute_url())
    return report


@transaction.atomic
def report_accept(*, report: UnitReport, actor, confirm_completed: set[int] | None = None) -> UnitReport:
    """Accept and lock; completion counts only where evidenced and confirmed; updates the tasks' progress."""
    report = _locked_report(report)
    require(can_manage(actor), _("Chỉ đơn vị đầu mối mới được tiếp nhận báo cáo."))
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Chỉ tiếp nhận được báo cáo đã gửi."))
    now = timezone.now()
    for entry in report.entries.select_related("task").prefetch_related("evidence"):
        confirmed = (entry.status == EntryStatus.COMPLETED and entry.has_evidence
                     and (confirm_completed is None or entry.id in confirm_completed))
        entry.completion_confirmed = confirmed
        entry.save(update_fields=["completion_confirmed"])
        task = entry.task
        before = snapshot(task, ["progress", "progress_percent"])
        if entry.status == EntryStatus.COMPLETED and not confirmed:
            task.progress, task.progress_percent = TaskProgress.IN_PROGRESS, min(entry.percent or 0, 99)
        elif confirmed:
            task.progress, task.progress_percent = TaskProgress.COMPLETED, 100
        else:
            task.progress, task.progress_percent = entry.status, entry.percent or 0
        task.progress_updated_at = now
        task.save(update_fields=["progress", "progress_percent", "progress_updated_at"])
        audit_log(actor=actor, action="reporting.task_progress", obj=task, before=before,
                  after=snapshot(task, ["progress", "progress_percent"]))
    report.accepted_at = now
    _transition(report, actor=actor, to=ReportState.ACCEPTED)
    _notify(_unit_users([report.unit_id]), _("Báo cáo đã được tiếp nhận"), str(report), report.get_absolute_url())
    return report


@transaction.atomic
def report_return(*, report: UnitReport, actor, reason: str) -> UnitReport:
    report = _locked_report(report)
    require(can_manage(actor), _("Chỉ đơn vị đầu mối mới được trả lại báo cáo."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy nêu lý do trả lại báo cáo.")})
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được báo cáo đã gửi và chưa tiếp nhận."))
    _transition(report, actor=actor, to=ReportState.RETURNED, reason=reason.strip())
    _notify(_unit_users([report.unit_id]), _("Báo cáo bị trả lại để hoàn thiện"), reason.strip(),
            report.get_absolute_url())
    return report


@transaction.atomic
def report_reopen(*, report: UnitReport, actor, reason: str) -> UnitReport:
    """Coordinator's exception: reopen one unit's report (also after the period closed or it was accepted)."""
    report = _locked_report(report)
    require(can_manage(actor), _("Chỉ đơn vị đầu mối mới được mở lại báo cáo."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy nêu lý do mở lại báo cáo.")})
    if report.state in (ReportState.DRAFT, ReportState.RETURNED):
        raise ValidationError(_("Báo cáo đang mở để đơn vị sửa."))
    _transition(report, actor=actor, to=ReportState.RETURNED, reason=reason.strip())
    _notify(_unit_users([report.unit_id]), _("Báo cáo được mở lại"), reason.strip(), report.get_absolute_url())
    return report


# ---------------------------------------------------------------- reminders

@dataclass
class Owed:
    period: ReportingPeriod
    unit_name: str
    tasks: int
    step: str
    kind: str


@dataclass
class Digest:
    user: User
    items: list[Owed] = field(default_factory=list)


def reminder_days() -> list[int]:
    return sorted({int(x) for x in getattr(settings, "KEHOACH_REMINDER_DAYS", (14, 7, 1))}, reverse=True)


def _step_for(days_left: int) -> tuple[str, str] | None:
    """The reminder step that applies `days_left` days before the deadline (a missed hourly run catches up)."""
    if days_left < 0:
        return "late", ReminderStep.LATE
    if days_left == 0:
        return "due", ReminderStep.DUE
    passed = [d for d in reminder_days() if days_left <= d]
    if not passed:
        return None
    return f"before-{min(passed)}", ReminderStep.BEFORE


def _claim(period_id: int, user_id: int, step: str, kind: str) -> bool:
    """Conditional insert: True only for the run that wrote the row (two runs at once never both win)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(period_id=period_id, user_id=user_id, step=step, kind=kind)
        return True
    except IntegrityError:
        return False


def reminders_run(*, today: dt.date | None = None, dry_run: bool = False) -> list[Digest]:
    """Send due reminders: one digest per person listing all that person owes across open periods."""
    today = today or timezone.localdate()
    owing = (UnitReport.objects.filter(period__state=PeriodState.OPEN,
                                       state__in=[ReportState.DRAFT, ReportState.RETURNED, ReportState.APPROVED])
             .select_related("period", "unit"))
    report_rows = list(owing)
    entry_counts = defaultdict(int)
    for report_id in TaskReportEntry.objects.filter(report__in=[r.id for r in report_rows]) \
            .values_list("report_id", flat=True):
        entry_counts[report_id] += 1
    by_unit = defaultdict(list)
    for report in report_rows:
        step = _step_for((report.period.deadline - today).days)
        if step:
            by_unit[report.unit_id].append((report, step))
    users = User.objects.filter(unit_id__in=by_unit.keys(), is_active=True,
                                role__in=["focal_point", "unit_head"]).order_by("id")
    digests: dict[int, Digest] = {}
    for user in users:
        for report, (step, kind) in by_unit[user.unit_id]:
            wanted_role = "unit_head" if kind == ReminderStep.LATE else "focal_point"
            if user.role != wanted_role:
                continue
            if not dry_run and not _claim(report.period_id, user.id, step, kind):
                continue
            if dry_run and ReminderLog.objects.filter(period=report.period, user=user, step=step).exists():
                continue
            digests.setdefault(user.id, Digest(user=user)).items.append(
                Owed(period=report.period, unit_name=report.unit.name, tasks=entry_counts[report.id], step=step,
                     kind=kind))
    result = list(digests.values())
    if dry_run:
        return result
    for digest in result:
        lines = []
        for item in digest.items:
            days = (item.period.deadline - today).days
            when = (_("còn %(n)s ngày") % {"n": days} if days > 0 else
                    _("hôm nay là hạn cuối") if days == 0 else _("đã quá hạn %(n)s ngày") % {"n": -days})
            lines.append(_("- %(plan)s — %(label)s: %(tasks)s nhiệm vụ, hạn %(date)s (%(when)s)")
                         % {"plan": item.period.plan, "label": item.period.label, "tasks": item.tasks,
                            "date": _d(item.period.deadline), "when": when})
        subject = _("[kehoach] Nhắc hạn báo cáo: %(n)s kỳ báo cáo đơn vị còn nợ") % {"n": len(digest.items)}
        body = _("Kính gửi %(name)s,\n\nĐơn vị %(unit)s còn phải gửi các báo cáo sau:\n%(lines)s\n") % {
            "name": digest.user, "unit": digest.items[0].unit_name, "lines": "\n".join(lines)}
        if digest.user.email:
            send_mail(subject, body, None, [digest.user.email], fail_silently=False)
        notification_create(user=digest.user, title=subject, body=body, url=reverse_lazy_home())
    return result
