import datetime as dt

import pytest

from kehoach.reporting import services


@pytest.fixture
def plan(make_plan):
    return make_plan("000")


@pytest.fixture
def period(plan, personas):
    return services.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                       opens_on=dt.date(2026, 10, 1))


def fill(report, actor, *, status="in_progress", percent=50, evidence=True):
    """Fill every entry of a report so it may be submitted."""
    entries = {e.id: {"status": status, "percent": percent, "results": "Đã thực hiện",
                      "evidence_number": "12/BC-DSVH" if evidence else ""} for e in report.entries.all()}
    report.refresh_from_db()
    return services.report_save_draft(report=report, actor=actor, version=report.version, data={"summary": "Tốt"},
                                      entries=entries)


def send(report, focal, head):
    fill(report, focal)
    report = services.report_approve(report=report, actor=head)
    return services.report_submit(report=report, actor=focal)
