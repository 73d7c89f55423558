"""The coordinator sets a period's Decree 09 particulars on its own page (issue 17.6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from kehoach.core.models import AuditEntry
from kehoach.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db
D = dt.date

GOOD = {"regime": "periodic", "frequency": "", "number": "", "data_start": "01/01/2026", "data_end": "20/11/2026",
        "dept_deadline": "2026-12-03", "ministry_deadline": "07/12/2026", "recipient": "Văn phòng Chính phủ",
        "sending_method": "electronic"}


def _url(period):
    return reverse("reporting:period_decree09", args=[period.pk])


def test_coordinator_sets_the_fields_and_the_dashboard_shows_them(client, personas, period):
    client.force_login(personas.coordinator)
    page = client.get(_url(period))
    assert page.status_code == 200 and "Hạn Bộ gửi báo cáo" in page.content.decode()
    response = client.post(_url(period), GOOD)
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.data_start, period.data_end, period.dept_deadline, period.ministry_deadline) == (
        D(2026, 1, 1), D(2026, 11, 20), D(2026, 12, 3), D(2026, 12, 7))
    # The data end is the period's cut-off: one date for "chốt số liệu" and the Decree's window.
    assert period.cutoff == D(2026, 11, 20)
    assert (period.recipient, period.sending_method) == ("Văn phòng Chính phủ", "electronic")
    assert AuditEntry.objects.filter(action="reporting.period_decree09").count() == 1
    html = client.get(period.get_absolute_url()).content.decode()
    assert 'data-testid="decree09-facts"' in html and "07/12/2026" in html and "Văn bản điện tử" in html


@pytest.mark.parametrize(("change", "field", "words"), [
    # The unit deadline (30/11/2026) falls before the data window ends.
    ({"data_end": "14/12/2026"}, "data_end", "Số liệu đến ngày: Hạn báo cáo 30/11/2026 phải sau ngày kết thúc"),
    # Data ending Friday 27/11: the unit deadline Monday 30/11 is fine, a department deadline on Sunday 29/11 is not
    # one working day after it.
    ({"data_end": "27/11/2026", "dept_deadline": "29/11/2026"}, "dept_deadline",
     "Hạn đơn vị đầu mối tổng hợp: Hạn báo cáo 29/11/2026 phải sau ngày kết thúc số liệu (27/11/2026) ít nhất"),
    ({"ministry_deadline": "01/12/2026"}, "ministry_deadline",
     "Hạn Bộ gửi báo cáo: Hạn của cấp trên (01/12/2026) không được trước hạn của cấp dưới (03/12/2026)."),
    ({"data_start": "21/11/2026"}, "data_start", "Số liệu từ ngày: Ngày bắt đầu số liệu phải trước"),
    ({"dept_deadline": "31/02/2026"}, "dept_deadline", "Hạn đơn vị đầu mối tổng hợp không hợp lệ (dd/mm/yyyy)."),
    ({"regime": "weekly"}, "regime", "Loại báo cáo không hợp lệ."),
    # The data end becomes the cut-off, under the opening's rules: not more than a year before the deadline.
    ({"data_start": "01/01/2025", "data_end": "01/06/2025"}, "data_end",
     "Số liệu đến ngày: Ngày chốt số liệu quá xa hạn gửi báo cáo."),
])
def test_bad_input_is_refused_naming_the_field(client, personas, period, change, field, words):
    client.force_login(personas.coordinator)
    before = ReportingPeriod.objects.values().get(pk=period.pk)
    response = client.post(_url(period), {**GOOD, **change})
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors and words in " ".join(form.errors[field])
    assert words in response.content.decode()
    assert ReportingPeriod.objects.values().get(pk=period.pk) == before
    assert not AuditEntry.objects.filter(action="reporting.period_decree09").exists()


def test_only_the_coordinator(client, personas, period):
    client.force_login(personas.focal_a)
    assert client.get(_url(period)).status_code in (403, 404)
    assert client.post(_url(period), GOOD).status_code in (403, 404)


def test_english_page(client, personas, period):
    client.force_login(personas.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(_url(period))
    html = response.content.decode()
    assert response.status_code == 200 and "Kind of report" in html and "Data until" in html


def test_opening_a_period_leads_to_its_decree09_form(client, personas, make_plan):
    plan = make_plan("000")
    client.force_login(personas.coordinator)
    response = client.post(reverse("reporting:period_open", args=[plan.pk]), {"kind": "yearly", "year": "2027"})
    period = ReportingPeriod.objects.get(plan=plan, year=2027)
    assert response.status_code == 302 and response["Location"] == _url(period)
