"""`kehoach check-data`: clean on data the services wrote; each broken rule is named, exit status 1."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from conftest import SEEDS
from kehoach.core.models import AuditEntry
from kehoach.imports.services import import_bytes
from kehoach.plans.services import plan_publish
from kehoach.reporting import services
from kehoach.reporting.models import ReportTransition, UnitReport, UnitReportRevision


@pytest.fixture
def sent_report(personas, django_user_model):
    path = next(SEEDS.glob("*2025-2030*"))
    plan = plan_publish(plan=import_bytes(data=path.read_bytes(), filename=path.name, actor=None), actor=None,
                        create_unknown=True)
    period = services.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                         opens_on=dt.date(2026, 10, 1))
    report = UnitReport.objects.filter(period=period).first()
    focal = django_user_model.objects.create_user("f", password="x", role="focal_point", unit=report.unit)
    head = django_user_model.objects.create_user("h", password="x", role="unit_head", unit=report.unit)
    entries = {e.id: {"status": "in_progress", "percent": 40, "results": "Đã làm"} for e in report.entries.all()}
    report = services.report_save_draft(report=report, actor=focal, version=report.version, entries=entries)
    report = services.report_approve(report=report, actor=head)
    return services.report_submit(report=report, actor=focal)


def check_data() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_data", stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_clean_after_the_services_wrote(sent_report):
    assert check_data() == (0, "data consistent (plans, reporting)\n")


def test_each_broken_rule_is_reported(sent_report):
    report = sent_report
    UnitReport.objects.filter(pk=report.pk).update(state="accepted")  # no transition says so
    UnitReportRevision.objects.filter(report=report).delete()
    AuditEntry.objects.filter(object_id=str(report.pk), action="reporting.report_approved").delete()
    orphan = Path(settings.MEDIA_ROOT) / "reporting" / str(report.pk) / "x" / "lost.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4")
    status, out = check_data()
    assert status == 1
    assert f"report {report.pk}: state is accepted but its transitions end at submitted" in out
    assert f"report {report.pk}: sent 1 times but has revisions []" in out
    assert f"report {report.pk}: 1 transitions to approved but 0 audit entries" in out
    assert "lost.pdf has no evidence row (orphan)" in out
    assert f"report {report.pk}: accepted but has no acceptance time" in out


def test_a_broken_transition_chain_is_reported(sent_report):
    first = ReportTransition.objects.filter(report=sent_report).order_by("id").first()
    ReportTransition.objects.filter(pk=first.pk).update(from_state="returned")
    status, out = check_data()
    assert status == 1 and f"transition {first.pk} starts from returned, but the report was draft" in out
