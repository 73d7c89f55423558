"""Fixtures of the documents tests: a published plan, a signature profile."""

from __future__ import annotations

import pytest


@pytest.fixture
def plan(make_plan):
    return make_plan("000")


@pytest.fixture
def activities_plan(make_plan):
    return make_plan("001")


@pytest.fixture
def period(plan, personas):
    """The 2025 yearly period of the decision plan: unit A leads tasks 1-3 (report accepted), unit B leads
    4-5 (sent late, not yet accepted), the coordinating department leads 6 (nothing sent)."""
    import datetime as dt

    from django.utils import timezone

    from kehoach.plans.selectors import current_tasks
    from kehoach.reporting.models import Obligation, ReportingPeriod, TaskReportEntry, UnitReport

    tasks = list(current_tasks(plan))
    period = ReportingPeriod.objects.create(plan=plan, year=2025, label="năm 2025", opens_on=dt.date(2025, 11, 1),
                                            cutoff=dt.date(2025, 11, 15), deadline=dt.date(2025, 11, 30))
    coordinator_unit = personas.coordinator.unit
    for unit, slice_ in ((personas.unit_a, tasks[0:3]), (personas.unit_b, tasks[3:5]), (coordinator_unit, tasks[5:6])):
        for task in slice_:
            Obligation.objects.create(period=period, unit=unit, task=task, role="lead")
    Obligation.objects.create(period=period, unit=personas.unit_a, task=tasks[3], role="coordinating")
    on_time = timezone.make_aware(dt.datetime(2025, 11, 28, 9))
    late = timezone.make_aware(dt.datetime(2025, 12, 3, 9))
    report_a = UnitReport.objects.create(period=period, unit=personas.unit_a, state="accepted",
                                         first_submitted_at=on_time, submitted_at=on_time, accepted_at=on_time,
                                         difficulties="Kinh phí hạn chế.", proposals="Bổ sung kinh phí năm 2026.")
    TaskReportEntry.objects.create(report=report_a, task=tasks[0], status="completed", percent=100,
                                   results="Đã tổ chức 3 hội nghị quán triệt.")
    TaskReportEntry.objects.create(report=report_a, task=tasks[1], status="late", percent=30,
                                   results="Đang chuẩn bị.", difficulties="Chưa bố trí được kinh phí.")
    UnitReport.objects.create(period=period, unit=personas.unit_b, state="submitted", first_submitted_at=late,
                              submitted_at=late, difficulties="Không được nêu khi chưa tiếp nhận.")
    UnitReport.objects.create(period=period, unit=coordinator_unit)  # opened, still a draft
    return period
