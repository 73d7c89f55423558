import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from kehoach.accounts.demo import ensure_demo_users
from kehoach.reporting import demo
from kehoach.reporting.models import ReportingPeriod, TaskReportEntry, UnitReport


def test_demo_is_idempotent_and_has_a_mix(make_plan):
    plans = [make_plan("000"), make_plan("001")]
    ensure_demo_users()
    out = io.StringIO()
    demo.populate(stdout=out, plans=plans, today=dt.date(2026, 11, 23))
    counts = (ReportingPeriod.objects.count(), UnitReport.objects.count(), TaskReportEntry.objects.count())
    demo.populate(stdout=io.StringIO(), plans=plans, today=dt.date(2026, 11, 23))
    assert counts == (ReportingPeriod.objects.count(), UnitReport.objects.count(), TaskReportEntry.objects.count())
    period = ReportingPeriod.objects.get(state="open")
    assert period.deadline == dt.date(2026, 12, 14)  # three weeks on
    states = set(period.reports.values_list("state", flat=True))
    assert {"accepted", "returned", "submitted", "approved", "draft"} <= states
    text = out.getvalue()
    assert "daumoi_dsvh" in text and "truong_bc" in text and "kehoach2025" in text

    status = io.StringIO()
    call_command("status", "--json", stdout=status)
    data = json.loads(status.getvalue())
    # Last year's closed period (six accepted, two of them late) and this year's open one (two accepted).
    assert data["reporting_periods"] == 2 and data["reports_by_state"]["accepted"] == 8

    reminders = io.StringIO()
    call_command("remind", "--dry-run", "--json", "--today", "2026-11-30", stdout=reminders)
    digests = json.loads(reminders.getvalue())["digests"]
    assert digests and all(i["step"] == "before-14" for d in digests for i in d["items"])
    call_command("remind", "--dry-run", "--json", "--today", "2026-11-30", stdout=io.StringIO())


@pytest.mark.parametrize("today", [dt.date(2027, 1, 2), dt.date(2026, 6, 30), dt.date(2026, 12, 1),
                                   dt.date(2026, 12, 31)])
def test_demo_on_any_date_opens_a_period_not_yet_overdue(make_plan, today):
    from kehoach.reporting.models import TaskPeriodProgress
    from kehoach.reporting.selectors import period_dashboard

    plans = [make_plan("000")]
    ensure_demo_users()
    demo.populate(stdout=io.StringIO(), plans=plans, today=today)
    period = ReportingPeriod.objects.get(state="open")
    board = period_dashboard(period, today=today)
    assert board["days_left"] == 21 and board["missing"] == 0 and period.opens_on <= today
    closed = ReportingPeriod.objects.get(state="closed")
    assert closed.year == period.year - 1
    timing = {r.unit.name: r.timing for r in period_dashboard(closed, today=today)["reports"]
              if r.unit.name in {"Cục Di sản văn hóa", "Cục Báo chí", "Cục Mỹ thuật, Nhiếp ảnh và Triển lãm"}}
    assert timing == {"Cục Di sản văn hóa": "on_time", "Cục Báo chí": "late",
                      "Cục Mỹ thuật, Nhiếp ảnh và Triển lãm": "missing"}
    # Task 1 is led by a group: its roll-up this year mixes several units' states.
    row = TaskPeriodProgress.objects.get(period=period, task__ref="1")
    assert row.units_total == 37 and row.not_reported < 37 and row.in_progress + row.completed + row.late >= 1
