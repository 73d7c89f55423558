import datetime as dt
import io
import json

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
    period = ReportingPeriod.objects.get()
    assert period.deadline == dt.date(2026, 11, 30)
    states = set(period.reports.values_list("state", flat=True))
    assert {"accepted", "returned", "submitted", "approved", "draft"} <= states
    text = out.getvalue()
    assert "daumoi_dsvh" in text and "truong_bc" in text and "kehoach2025" in text

    status = io.StringIO()
    call_command("status", "--json", stdout=status)
    data = json.loads(status.getvalue())
    assert data["reporting_periods"] == 1 and data["reports_by_state"]["accepted"] == 2

    reminders = io.StringIO()
    call_command("remind", "--dry-run", "--json", "--today", "2026-11-23", stdout=reminders)
    digests = json.loads(reminders.getvalue())["digests"]
    assert digests and all(i["step"] == "before-7" for d in digests for i in d["items"])
    call_command("remind", "--dry-run", "--json", "--today", "2026-11-23", stdout=io.StringIO())
