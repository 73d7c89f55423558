"""A unit's report: its draft, the coordinating units' inputs and its workflow (approve, submit, accept,
return, reopen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.workflow import Transition, Workflow
from kehoach.plans.cache import plan_data_changed
from kehoach.plans.models import Task

from ..choices import EntryStatus, ObligationRole, ReportState
from ..models import CoordinatorInput, ReportingPeriod, ReportTransition, UnitReport, UnitReportRevision
from ..selectors import extension_for
from .notifications import _coordinators, _notify, _unit_users
from .progress import progress_recompute

if TYPE_CHECKING:
    from kehoach.accounts.models import User

REPORT_FIELDS = ["summary", "difficulties", "proposals"]
ENTRY_FIELDS = ["status", "percent", "results", "difficulties", "proposals", "evidence_number", "evidence_link",
                "related_units_text", "public_summary"]


def _conflict(report: UnitReport) -> ValidationError:
    when = timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y") if report.updated_at else ""
    who = str(report.updated_by) if report.updated_by_id else ""
    return ValidationError(_("Báo cáo đã được người khác cập nhật lúc %(when)s%(who)s; hãy tải lại trang trước khi "
                             "sửa tiếp.") % {"when": when, "who": f" ({who})" if who else ""}, code="stale")


# -- the workflow: one table, taken by REPORT_FLOW.apply (locking, version, history, audit, notification) -------


def _record_transition(report: UnitReport, *, actor, source: str, target: str, reason: str) -> None:
    ReportTransition.objects.create(report=report, actor=actor, from_state=source, to_state=target, reason=reason)


def _latest_reason(report: UnitReport) -> str:
    return report.transitions.order_by("-id").values_list("reason", flat=True).first() or ""


def _tell_unit_focal_points(report: UnitReport, actor) -> None:
    _notify(_unit_users([report.unit_id], roles=("focal_point",)), _("Báo cáo đã được lãnh đạo đơn vị duyệt"),
            str(report), report.get_absolute_url())


def _tell_coordinators(report: UnitReport, actor) -> None:
    _notify(_coordinators(), _("%(unit)s đã gửi báo cáo") % {"unit": report.unit}, str(report.period),
            report.get_absolute_url())


def _tell_unit_accepted(report: UnitReport, actor) -> None:
    _notify(_unit_users([report.unit_id]), _("Báo cáo đã được tiếp nhận"), str(report), report.get_absolute_url())


def _tell_unit_returned(report: UnitReport, actor) -> None:
    _notify(_unit_users([report.unit_id]), _("Báo cáo bị trả lại để hoàn thiện"), _latest_reason(report),
            report.get_absolute_url())


def _tell_unit_reopened(report: UnitReport, actor) -> None:
    _notify(_unit_users([report.unit_id]), _("Báo cáo được mở lại"), _latest_reason(report),
            report.get_absolute_url())


def _state_error(report: UnitReport, transition: Transition) -> ValidationError:
    message = _STATE_ERRORS.get(transition.name)
    return ValidationError(message() if message else _("Thao tác này không thực hiện được ở trạng thái hiện tại."))


_STATE_ERRORS = {
    "approve": lambda: _("Báo cáo đã được duyệt."),
    "submit": lambda: _("Báo cáo cần được lãnh đạo đơn vị duyệt trước khi gửi."),
    "accept": lambda: _("Chỉ tiếp nhận được báo cáo đã gửi."),
    "return": lambda: _("Chỉ trả lại được báo cáo đã gửi và chưa tiếp nhận."),
    "reopen": lambda: _("Báo cáo đang mở để đơn vị sửa."),
}

REPORT_FLOW = Workflow(UnitReport, "state", [
    # A change after the head's approval needs a new approval (report_save_draft).
    Transition("unapprove", source=ReportState.APPROVED, target=ReportState.DRAFT, rule="reporting.edit_report",
               audit="reporting.report_draft"),
    Transition("approve", source=(ReportState.DRAFT, ReportState.RETURNED), target=ReportState.APPROVED,
               rule="reporting.approve_report", audit="reporting.report_approved", notify=_tell_unit_focal_points),
    Transition("submit", source=ReportState.APPROVED, target=ReportState.SUBMITTED, rule="reporting.submit_report",
               audit="reporting.report_submitted", notify=_tell_coordinators),
    Transition("accept", source=ReportState.SUBMITTED, target=ReportState.ACCEPTED, rule="reporting.accept_report",
               audit="reporting.report_accepted", notify=_tell_unit_accepted),
    Transition("return", source=ReportState.SUBMITTED, target=ReportState.RETURNED, rule="reporting.return_report",
               audit="reporting.report_returned", reason_required=True, reason_field="",
               reason_error_field="reason", reason_message=_("Hãy nêu lý do trả lại báo cáo."),
               notify=_tell_unit_returned),
    # The coordinator's exception: also after the period closed or the report was accepted.
    Transition("reopen", source=(ReportState.APPROVED, ReportState.SUBMITTED, ReportState.ACCEPTED),
               target=ReportState.RETURNED, rule="reporting.reopen_report", audit="reporting.report_returned",
               reason_required=True, reason_field="", reason_error_field="reason",
               reason_message=_("Hãy nêu lý do mở lại báo cáo."), notify=_tell_unit_reopened),
], audit_fields=["state"], version_field="version", stale=_conflict, history=_record_transition,
    select_related=("period", "unit"), state_error=_state_error)


def _check(report: UnitReport, name: str, *, actor, version=None, reason: str | None = None) -> None:
    """The transition's checks in the order the unit has always met them: the rule, the version read, a
    reason where one is required, then the state (the engine checks them again when it moves the report)."""
    transition = REPORT_FLOW[name]
    require(actor, transition.rule, report)
    if version is not None and int(version) != report.version:
        raise _conflict(report)
    if transition.reason_required and not (reason or "").strip():
        raise ValidationError({transition.reason_error_field: transition.reason_message})
    if not transition.starts_from(report.state):
        raise _state_error(report, transition)


def _move(report: UnitReport, name: str, *, actor, reason: str = "") -> UnitReport:
    """Take transition ``name`` on the (already locked) report."""
    return REPORT_FLOW.apply(report, name, actor=actor, reason=reason, extra={"updated_by": actor}, lock=False)


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


def _entry_conflict(entry) -> ValidationError:
    return ValidationError(_("Nhiệm vụ %(ref)s vừa được người khác cập nhật; hãy tải lại trang trước khi sửa "
                             "tiếp nhiệm vụ này.") % {"ref": entry.task.ref or entry.task.position}, code="stale")


def _clean_entry_value(name: str, value, label: str):
    if name == "percent":
        return _parse_percent(value, label)
    if name == "status" and value and value not in EntryStatus.values:
        raise ValidationError(_("%(task)s: tình trạng không hợp lệ.") % {"task": label})
    return str(value or "").strip()


def _needs_unapprove_confirmation() -> ValidationError:
    return ValidationError(_("Báo cáo đã được lãnh đạo đơn vị duyệt. Lưu thay đổi sẽ đưa báo cáo về dự thảo và cần "
                             "duyệt lại; hãy xác nhận để lưu."), code="confirm_unapprove")


@transaction.atomic
def report_save_draft(*, report: UnitReport, actor: User, version: int, data: dict | None = None,
                      entries: dict | None = None, entry_versions: dict | None = None,
                      confirm_unapprove: bool = True) -> UnitReport:
    """Save what the unit typed (autosave). `entries`: {entry_id: {field: value}}.

    Locking is per task row: with `entry_versions` ({entry_id: version read}) a save whose report `version` is
    stale still goes through when the report-level texts it sends are unchanged and each entry it changes is at
    the version the client read — so two people editing different tasks never conflict. Without
    `entry_versions`, a stale report version refuses the save as before. Nothing is saved on a conflict.

    A change to a report the head already approved returns it to draft; with `confirm_unapprove=False` (the
    page's autosave) that is refused with code ``confirm_unapprove`` so the page can ask first.
    """
    report = REPORT_FLOW.lock(report)
    require(actor, "reporting.edit_report", report)
    stale = int(version) != report.version
    before = snapshot(report, REPORT_FIELDS)
    report_changed = False
    for name in REPORT_FIELDS:
        if data and name in data:
            value = str(data[name] or "").strip()
            if value != getattr(report, name):
                report_changed = True
                setattr(report, name, value)
    if stale and (report_changed or entry_versions is None):
        raise _conflict(report)  # the report-level texts are locked by the report's version
    rows = {e.id: e for e in report.entries.select_related("task")}
    changed = []
    errors = []
    for key, values in (entries or {}).items():
        entry = rows.get(int(key))
        if entry is None:
            raise ValidationError(_("Nội dung báo cáo không thuộc báo cáo này."))
        label = _("Nhiệm vụ %(ref)s") % {"ref": entry.task.ref or entry.task.position}
        entry_changed = False
        for name, value in values.items():
            if name not in ENTRY_FIELDS:
                continue
            try:
                value = _clean_entry_value(name, value, label)
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            if value != getattr(entry, name):
                entry_changed = True
                setattr(entry, name, value)
        if not entry_changed:
            continue  # sent as read: nothing to save, nothing to lock
        if stale:  # a fresh report version means nothing changed since the page was drawn
            assert entry_versions is not None  # a stale save without them was refused above
            read = entry_versions.get(entry.id, entry_versions.get(str(entry.id)))
            if read is None or int(read) != entry.version:
                raise _entry_conflict(entry)
        try:
            entry.full_clean(exclude=["report", "task"])
        except ValidationError as exc:
            errors.extend(f"{label}: {m}" for m in exc.messages)
        changed.append(entry)
    if errors:
        raise ValidationError(errors)
    if report.state == ReportState.APPROVED and (changed or report_changed):
        if not confirm_unapprove:
            raise _needs_unapprove_confirmation()
        # A change after the head's approval needs a new approval.
        _move(report, "unapprove", actor=actor, reason=_("Sửa nội dung sau khi đã duyệt"))
    for entry in changed:
        entry.version += 1
        entry.save()
    report.version += 1
    report.updated_by = actor
    report.full_clean()
    report.save()
    audit_log(actor=actor, action="reporting.report_save", obj=report, before=before,
              after=snapshot(report, REPORT_FIELDS), message=_("Lưu nháp (%(n)s nhiệm vụ)") % {"n": len(changed)})
    return report


@transaction.atomic
def coordinator_input_save(*, period: ReportingPeriod, task: Task, actor: User, text: str) -> CoordinatorInput:
    """A coordinating unit writes its contribution on a task (the lead unit reads it while writing)."""
    obligation = period.obligations.filter(unit_id=actor.unit_id, task=task, role=ObligationRole.COORDINATING) \
        .first() if actor.unit_id else None
    require(actor, "reporting.give_input", obligation)
    if not period.is_open:
        raise PermissionDenied(_("Kỳ báo cáo đã đóng."))
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
             "public_summary": e.public_summary, "files": [f.original_name for f in e.evidence.all() if not f.is_archived]}
            for e in report.entries.select_related("task").prefetch_related("evidence")
        ],
    }


@transaction.atomic
def report_approve(*, report: UnitReport, actor: User, version: int | None = None) -> UnitReport:
    """The unit head approves the draft (ký duyệt); it then awaits submission."""
    report = REPORT_FLOW.lock(report)
    _check(report, "approve", actor=actor, version=version)
    errors = validate_for_submission(report)
    if errors:
        raise ValidationError(errors)
    return _move(report, "approve", actor=actor)


@transaction.atomic
def report_submit(*, report: UnitReport, actor: User, version: int | None = None) -> UnitReport:
    """Send the approved report to the coordinating department; keeps a readable revision."""
    report = REPORT_FLOW.lock(report)
    _check(report, "submit", actor=actor, version=version)
    errors = validate_for_submission(report)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    number = report.revisions.count() + 1
    UnitReportRevision.objects.create(report=report, number=number, data=_revision_data(report), created_by=actor)
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    ext = extension_for(report)
    note = ""
    if ext and timezone.localtime(now).date() > report.period.deadline:
        note = _("Gửi muộn theo gia hạn đến %(date)s: %(reason)s") % {"date": ext.deadline.strftime("%d/%m/%Y"),
                                                                       "reason": ext.reason}
    return _move(report, "submit", actor=actor, reason=note)


@transaction.atomic
def report_accept(*, report: UnitReport, actor: User, confirm_completed: set[int] | None = None,
                  approve_public: set[int] | None = None) -> UnitReport:
    """Accept and lock; completion counts only where evidenced and confirmed; updates the tasks' progress.

    ``approve_public``: the entries whose public summary the coordinator lets the public page show (None: every
    entry that has one)."""
    report = REPORT_FLOW.lock(report)
    _check(report, "accept", actor=actor)
    now = timezone.now()
    lineages = []
    for entry in report.entries.select_related("task").prefetch_related("evidence"):
        confirmed = (entry.status == EntryStatus.COMPLETED and entry.has_evidence
                     and (confirm_completed is None or entry.id in confirm_completed))
        entry.completion_confirmed = confirmed
        entry.public_approved = bool(entry.public_summary.strip()) and (
            approve_public is None or entry.id in approve_public)
        entry.save(update_fields=["completion_confirmed", "public_approved"])
        lineages.append(entry.task.lineage)
    report.accepted_at = now
    report = _move(report, "accept", actor=actor)
    # The task's standing is the roll-up over every unit that owes it, not this unit's word.
    progress_recompute(report.period, lineages=lineages, actor=actor)  # moves the plan's data version too
    return report


@transaction.atomic
def report_return(*, report: UnitReport, actor: User, reason: str) -> UnitReport:
    report = REPORT_FLOW.lock(report)
    _check(report, "return", actor=actor, reason=reason)
    return _move(report, "return", actor=actor, reason=reason)


@transaction.atomic
def report_reopen(*, report: UnitReport, actor: User, reason: str) -> UnitReport:
    """Coordinator's exception: reopen one unit's report (also after the period closed or it was accepted)."""
    report = REPORT_FLOW.lock(report)
    _check(report, "reopen", actor=actor, reason=reason)
    plan_data_changed(report.period.plan_id)
    was_accepted = report.state == ReportState.ACCEPTED
    report = _move(report, "reopen", actor=actor, reason=reason)
    if was_accepted:
        progress_recompute(report.period, lineages=list(report.entries.values_list("task__lineage", flat=True)),
                           actor=actor)
    return report
