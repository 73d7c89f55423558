import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kehoach.plans.models import Task
from kehoach.reporting import services
from kehoach.reporting.choices import ObligationRole, ReportState
from kehoach.reporting.models import Obligation, ReportTransition, TaskPeriodProgress, UnitReport

from .conftest import fill, send


def test_yearly_period_from_plan_deadline(period):
    assert period.deadline == dt.date(2026, 11, 30)
    assert period.cutoff == period.deadline
    assert period.obligations.filter(role=ObligationRole.LEAD).exists()


def test_cutoff_may_differ_from_deadline(plan, personas):
    period = services.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                         cutoff=dt.date(2026, 11, 15), opens_on=dt.date(2026, 10, 1))
    assert (period.cutoff, period.deadline) == (dt.date(2026, 11, 15), dt.date(2026, 11, 30))


def test_ad_hoc_deadline_before_opening_is_refused(plan, personas):
    with pytest.raises(ValidationError, match="không được trước ngày mở kỳ"):
        services.period_open_ad_hoc(plan=plan, actor=personas.coordinator, label="Đột xuất",
                                    opens_on=dt.date(2026, 11, 1), deadline=dt.date(2026, 10, 1))


def test_only_coordinator_opens(plan, personas):
    with pytest.raises(PermissionDenied):
        services.period_open_yearly(plan=plan, year=2026, actor=personas.focal_a)


def test_dated_task_not_owed_in_other_year(plan, personas):
    p2027 = services.period_open_yearly(plan=plan, year=2027, actor=None, opens_on=dt.date(2027, 1, 1))
    dated = Task.objects.filter(version=plan.current_version, timeframe_end__year=2025)
    assert dated.exists()
    assert not Obligation.objects.filter(period=p2027, task__in=dated).exists()
    undated = Task.objects.filter(version=plan.current_version, timeframe_kind="continuous").first()
    assert Obligation.objects.filter(period=p2027, task=undated).exists()


def test_all_units_group_expands(period, personas):
    task = Task.objects.get(version=period.plan.current_version, ref="1")
    units = set(Obligation.objects.filter(period=period, task=task, role="lead").values_list("unit_id", flat=True))
    assert personas.unit_a.id in units and personas.unit_b.id in units and len(units) > 10


def test_stale_version_is_refused_and_nothing_overwritten(period, personas):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    entry = report.entries.first()
    services.report_save_draft(report=report, actor=personas.focal_a, version=1,
                               entries={entry.id: {"results": "Bản của A"}})
    with pytest.raises(ValidationError, match="đã được người khác cập nhật lúc"):
        services.report_save_draft(report=report, actor=personas.head_a, version=1,
                                   entries={entry.id: {"results": "Bản của trưởng"}})
    entry.refresh_from_db()
    assert entry.results == "Bản của A"


@pytest.mark.parametrize("percent", ["150", "-1", "abc"])
def test_bad_percent_keeps_draft(period, personas, percent):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    first, second = list(report.entries.all()[:2])
    with pytest.raises(ValidationError, match="tỷ lệ hoàn thành"):
        services.report_save_draft(report=report, actor=personas.focal_a, version=1,
                                   entries={first.id: {"results": "X"}, second.id: {"percent": percent}})
    first.refresh_from_db()
    report.refresh_from_db()
    assert first.results == "" and report.version == 1


def test_submit_requires_fields_and_approval(period, personas):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    with pytest.raises(ValidationError, match="chưa chọn tình trạng"):
        services.report_approve(report=report, actor=personas.head_a)
    fill(report, personas.focal_a)
    with pytest.raises(ValidationError, match="duyệt trước khi gửi"):
        services.report_submit(report=report, actor=personas.focal_a)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, actor=personas.focal_a)
    assert UnitReport.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_completed_needs_evidence_and_confirmation(period, personas):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    fill(report, personas.focal_a, status="completed", percent=100, evidence=False)
    with pytest.raises(ValidationError, match="cần minh chứng"):
        services.report_approve(report=report, actor=personas.head_a)
    fill(report, personas.focal_a, status="completed", percent=100, evidence=True)
    services.report_approve(report=report, actor=personas.head_a)
    services.report_submit(report=report, actor=personas.focal_a)
    entries = {e.task.ref: e for e in report.entries.select_related("task")}
    # Task 11 is unit A's alone; task 1 is led by the 37 units of "Các đơn vị thuộc Bộ".
    confirmed = {entries["11"].id, entries["1"].id}
    services.report_accept(report=report, actor=personas.coordinator, confirm_completed=confirmed)
    solo = Task.objects.get(pk=entries["11"].task_id)
    unconfirmed = Task.objects.get(pk=entries["12"].task_id)
    shared = Task.objects.get(pk=entries["1"].task_id)
    assert (solo.progress, solo.progress_percent) == ("completed", 100)
    assert unconfirmed.progress == "in_progress"
    # One unit of 37 finishing does not finish the shared task.
    assert shared.progress == "in_progress"
    row = TaskPeriodProgress.objects.get(period=period, lineage=shared.lineage)
    assert (row.units_total, row.completed, row.not_reported) == (37, 1, 36)
    assert row.breakdown == "1/37 đơn vị hoàn thành, 36 chưa báo cáo"


def test_return_then_resubmit_keeps_revisions(period, personas):
    report = send(UnitReport.objects.get(period=period, unit=personas.unit_a), personas.focal_a, personas.head_a)
    with pytest.raises(ValidationError, match="lý do"):
        services.report_return(report=report, actor=personas.coordinator, reason=" ")
    services.report_return(report=report, actor=personas.coordinator, reason="Thiếu số liệu")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    send(report, personas.focal_a, personas.head_a)
    assert report.revisions.count() == 2
    assert list(ReportTransition.objects.filter(report=report).values_list("to_state", flat=True)) == [
        "approved", "submitted", "returned", "approved", "submitted"]
    assert personas.focal_a.notifications.filter(title__contains="trả lại").exists()


def test_accepted_report_is_locked_and_reopen(period, personas):
    report = send(UnitReport.objects.get(period=period, unit=personas.unit_a), personas.focal_a, personas.head_a)
    services.report_accept(report=report, actor=personas.coordinator)
    with pytest.raises(PermissionDenied):
        fill(report, personas.focal_a)
    services.period_close(period=period, actor=personas.coordinator)
    services.report_reopen(report=report, actor=personas.coordinator, reason="Bổ sung")
    fill(report, personas.focal_a)


def test_new_plan_version_repoints_draft_entries(period, personas):
    from kehoach.plans.models import PlanVersion
    from kehoach.plans.signals import plan_version_changed
    plan = period.plan
    old = plan.current_version
    new = PlanVersion.objects.create(plan=plan, number=old.number + 1)
    for task in Task.objects.filter(version=old).exclude(ref="2"):
        task.pk, task.id, task.version = None, None, new
        task._state.adding = True
        lineage = task.lineage
        task.save()
        assert task.lineage == lineage
    for task in Task.objects.filter(version=new):
        src = Task.objects.get(version=old, lineage=task.lineage)
        for a in src.assignments.all():
            a.pk = None
            a.task = task
            a.save()
    plan.current_version = new
    plan.save()
    report_b = send(UnitReport.objects.get(period=period, unit=personas.unit_b), personas.focal_b, personas.head_b)
    plan_version_changed.send(sender=type(plan), plan=plan, version=new, actor=None)
    report_a = UnitReport.objects.get(period=period, unit=personas.unit_a)
    assert not report_a.entries.exclude(task__version=new).exists()
    assert not report_a.entries.filter(task__ref="2").exists()
    assert not report_b.entries.filter(task__version=new).exists()


def test_edit_after_approval_needs_new_approval(period, personas):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    fill(report, personas.focal_a)
    services.report_approve(report=report, actor=personas.head_a)
    fill(report, personas.focal_a, percent=60)  # a change (an unchanged save keeps the approval)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    with pytest.raises(ValidationError, match="duyệt trước khi gửi"):
        services.report_submit(report=report, actor=personas.focal_a)


def test_reminder_claim_is_exclusive(period, personas, mailoutbox):
    from kehoach.reporting.models import ReminderLog
    # Another run already claimed focal_a's step: this run sends nothing to focal_a.
    ReminderLog.objects.create(period=period, user=personas.focal_a, step="before-7", kind="before")
    assert services._claim(period.id, personas.focal_a.id, "before-7", "before") is False
    services.reminders_run(today=dt.date(2026, 11, 25))
    assert personas.focal_a.email not in {m.to[0] for m in mailoutbox}
    assert personas.focal_b.email in {m.to[0] for m in mailoutbox}
    assert not services.reminders_run(today=dt.date(2026, 11, 25))
    # Nothing owed → no mail at all.
    mailoutbox.clear()
    UnitReport.objects.filter(period=period).update(state=ReportState.ACCEPTED)
    assert services.reminders_run(today=dt.date(2026, 11, 30)) == [] and not mailoutbox
