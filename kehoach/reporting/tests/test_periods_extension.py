"""Periods a ministry can run: per-unit extension after close, cut-off not after the deadline, closed periods
frozen against amendments."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kehoach.core.rules import may
from kehoach.reporting import selectors, services
from kehoach.reporting.models import ReportExtension, UnitReport

from .conftest import fill


def _at(monkeypatch, day: dt.date):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def test_extension_after_close_lets_a_missing_unit_submit_marked_late(period, personas, monkeypatch, client):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    _at(monkeypatch, dt.date(2026, 12, 5))
    services.period_close(period=period, actor=personas.coordinator)
    report.refresh_from_db()
    assert not may(personas.focal_a, "reporting.edit_report", report)
    # Refused, with the field named and nothing written: before the deadline, no reason, a unit that sent.
    with pytest.raises(ValidationError) as err:
        services.report_extension_grant(period=period, unit=personas.unit_a, actor=personas.coordinator,
                                        deadline=dt.date(2026, 11, 20), reason="Ốm")
    assert "deadline" in err.value.message_dict and "phải sau hạn gửi" in err.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as err:
        services.report_extension_grant(period=period, unit=personas.unit_a, actor=personas.coordinator,
                                        deadline=dt.date(2026, 12, 15), reason=" ")
    assert "reason" in err.value.message_dict
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied for a unit's focal point
        services.report_extension_grant(period=period, unit=personas.unit_a, actor=personas.focal_a,
                                        deadline=dt.date(2026, 12, 15), reason="x")
    assert not ReportExtension.objects.exists()

    client.force_login(personas.coordinator)
    response = client.post(reverse("reporting:extension_grant", args=[period.pk]),
                           {"unit": personas.unit_a.pk, "deadline": "2026-12-15", "reason": "Đơn vị mới sáp nhập"})
    assert response.status_code == 302
    assert ReportExtension.objects.filter(unit=personas.unit_a, deadline=dt.date(2026, 12, 15)).exists()
    assert "Đơn vị mới sáp nhập" in client.get(reverse("reporting:period", args=[period.pk])).content.decode()

    report.refresh_from_db()
    assert may(personas.focal_a, "reporting.edit_report", report)
    fill(report, personas.focal_a)
    services.report_approve(report=report, actor=personas.head_a)
    report = services.report_submit(report=report, actor=personas.focal_a)
    assert report.state == "submitted" and report.is_late
    assert selectors.report_state_of(report, dt.date(2026, 12, 6)) == "late"
    assert "gia hạn đến 15/12/2026" in report.transitions.last().reason
    client.force_login(personas.focal_a)
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "Được gia hạn gửi báo cáo đến 15/12/2026" in page and "Gửi muộn" in page
    # Once sent, no further extension.
    with pytest.raises(ValidationError, match="đã gửi"):
        services.report_extension_grant(period=period, unit=personas.unit_a, actor=personas.coordinator,
                                        deadline=dt.date(2026, 12, 30), reason="x")
    # After the extension runs out a closed period locks the unit out again.
    _at(monkeypatch, dt.date(2026, 12, 16))
    other = UnitReport.objects.get(period=period, unit=personas.unit_b)
    services.report_extension_grant(period=period, unit=personas.unit_b, actor=personas.coordinator,
                                    deadline=dt.date(2026, 12, 17), reason="x")
    assert may(personas.focal_b, "reporting.edit_report", other)
    _at(monkeypatch, dt.date(2026, 12, 18))
    other = UnitReport.objects.get(pk=other.pk)
    assert not may(personas.focal_b, "reporting.edit_report", other)


def test_cutoff_after_deadline_is_refused(plan, personas, client):
    with pytest.raises(ValidationError) as err:
        services.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                    opens_on=dt.date(2026, 10, 1), cutoff=dt.date(2026, 12, 14))
    assert "Ngày chốt số liệu (14/12/2026) không được sau hạn gửi báo cáo (30/11/2026)" in err.value.messages[0]
    assert not plan.reporting_periods.exists()
    client.force_login(personas.coordinator)
    response = client.post(reverse("reporting:period_open", args=[plan.pk]),
                           {"kind": "yearly", "year": 2026, "cutoff": "2026-12-14"}, follow=True)
    assert "không được sau hạn gửi báo cáo" in response.content.decode()
    assert not plan.reporting_periods.exists()
