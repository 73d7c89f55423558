"""The period dashboard's figures and the plan's history across years are kept rendered (reporting.views): a
warm view reads no report, the next view after a report moves, an extension or a unit's new name shows it,
and the kept part holds nothing of the user who first opened the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kehoach.reporting import services
from kehoach.reporting.models import UnitReport

from .conftest import send

pytestmark = pytest.mark.django_db


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    # The matrix and the history read the reports joined to their units; the stamp reads them by aggregate.
    report_rows = [q["sql"] for q in queries.captured_queries
                   if 'FROM "reporting_unitreport"' in q["sql"] and "COUNT(" not in q["sql"]
                   and "MAX(" not in q["sql"]]
    return response.content.decode(), report_rows


def _sent(html: str) -> str:
    return re.search(r'data-testid="sent">([^<]*)<', html).group(1)


def test_dashboard_is_kept_and_shows_a_sent_report_on_the_next_view(cached, client, personas, period):
    client.force_login(personas.coordinator)
    url = reverse("reporting:period", args=[period.pk])
    _get(client, url)
    html, report_rows = _get(client, url)
    assert report_rows == []  # the figures and the matrix come from the kept part
    owed = UnitReport.objects.filter(period=period).count()
    assert _sent(html) == f"0/{owed}"
    send(UnitReport.objects.get(period=period, unit=personas.unit_a), personas.focal_a, personas.head_a)
    html, report_rows = _get(client, url)
    assert report_rows and _sent(html) == f"1/{owed}"
    assert _get(client, url)[1] == []  # kept again


def test_dashboard_shows_an_extension_and_a_renamed_unit_on_the_next_view(cached, client, personas, period):
    client.force_login(personas.coordinator)
    url = reverse("reporting:period", args=[period.pk])
    html, _rows = _get(client, url)
    assert 'data-testid="extensions"' not in html
    services.report_extension_grant(period=period, unit=personas.unit_b, actor=personas.coordinator,
                                    deadline=period.deadline + dt.timedelta(days=10), reason="Chờ số liệu quý IV")
    html, _rows = _get(client, url)
    assert "Chờ số liệu quý IV" in html
    unit = personas.unit_a
    unit.name = "Vụ Hợp tác đa phương (tên mới)"
    unit.save()
    html, _rows = _get(client, url)
    assert "Vụ Hợp tác đa phương (tên mới)" in html


def test_kept_dashboard_holds_nothing_of_the_first_user(cached, client, personas, period):
    url = reverse("reporting:period", args=[period.pk])
    client.force_login(personas.coordinator)
    coordinator_html, _rows = _get(client, url)
    assert 'data-testid="extension"' in coordinator_html  # the coordinator may grant extensions
    client.force_login(personas.leader)
    leader_html, report_rows = _get(client, url)
    assert report_rows == []  # served from the part the coordinator's view kept…
    assert 'data-testid="extension"' not in leader_html  # …without the coordinator's form
    assert personas.coordinator.first_name not in leader_html
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', leader_html)
    assert all(token not in coordinator_html for token in tokens)
    # The same figures for both.
    assert _sent(leader_html) == _sent(coordinator_html)


def test_kept_dashboard_follows_the_language_and_the_page(cached, client, personas, period, settings):
    client.force_login(personas.coordinator)
    url = reverse("reporting:period", args=[period.pk])
    vietnamese, _rows = _get(client, url)
    assert "Đơn vị đã gửi / phải gửi" in vietnamese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, _rows = _get(client, url)
    assert "Đơn vị đã gửi / phải gửi" not in english and _sent(english) == _sent(vietnamese)


def test_history_is_kept_and_shows_a_sent_report_on_the_next_view(cached, client, personas, period):
    client.force_login(personas.coordinator)
    url = reverse("reporting:period_history", args=[period.pk])
    _get(client, url, HX_Request="true")
    fragment, report_rows = _get(client, url, HX_Request="true")
    assert report_rows == [] and fragment.startswith('<section id="period-history"')
    assert "Đúng hạn" not in fragment and "Muộn" not in fragment.split("</thead>", 1)[1]
    send(UnitReport.objects.get(period=period, unit=personas.unit_a), personas.focal_a, personas.head_a)
    fragment, report_rows = _get(client, url, HX_Request="true")
    assert report_rows
    # Sent today: on time up to the period's deadline, late after it, in the unit's cell for the year.
    row = next(r for r in fragment.split("<tr>") if personas.unit_a.name in r)
    expected = "Đúng hạn" if timezone.localdate() <= period.deadline else "Muộn"
    assert expected in row
    page, _rows = _get(client, url)
    assert fragment in page  # the page without script shows the same kept part


def test_overview_is_kept_and_drops_a_closed_period_on_the_next_view(cached, client, personas, period):
    client.force_login(personas.leader)
    url = reverse("reporting:overview")
    _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert not [q for q in queries.captured_queries if 'FROM "plans_task"' in q["sql"]]  # kept
    period_link = f'href="{period.get_absolute_url()}"'
    assert period_link in html
    services.period_close(period=period, actor=personas.coordinator)
    assert period_link not in client.get(url).content.decode()
    # The coordinator also sees draft plans: a table of its own, kept in turn.
    client.force_login(personas.coordinator)
    assert period_link not in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries.captured_queries if 'FROM "plans_task"' in q["sql"]]


def test_overview_shows_a_renamed_unit_on_the_next_view(cached, client, personas, period):
    client.force_login(personas.leader)
    url = reverse("reporting:overview")
    _get(client, url)
    unit = personas.unit_a
    old_cell = f"<td>{unit.name}</td>"
    assert old_cell in client.get(url).content.decode()  # served kept
    unit.name = f"{unit.name} (tên mới)"  # sorts where it was: the same page of units
    unit.save()
    html = client.get(url).content.decode()
    assert f"<td>{unit.name}</td>" in html and old_cell not in html


def test_plan_pages_shared_tasks_panel_is_kept_and_shows_an_accepted_report_on_the_next_view(
        cached, client, personas, period):
    client.force_login(personas.coordinator)
    url = period.plan.get_absolute_url()
    panel = re.compile(r'data-testid="plan-shared-progress".*?</section>', re.S)
    before = panel.search(client.get(url).content.decode()).group(0)
    with CaptureQueriesContext(connection) as queries:
        assert panel.search(client.get(url).content.decode()).group(0) == before
    assert not [q for q in queries.captured_queries if "reporting_taskperiodprogress" in q["sql"]]  # kept
    shared = {row.task_id for row in period.task_progress.filter(units_total__gt=1)}
    report = UnitReport.objects.filter(period=period, unit=personas.unit_a, entries__task_id__in=shared).first()
    report = send(report, personas.focal_a, personas.head_a)
    services.report_accept(report=report, actor=personas.coordinator)
    after = panel.search(client.get(url).content.decode()).group(0)
    assert "1 đang thực hiện" not in before and "1 đang thực hiện" in after  # the accepted unit's word
    # A viewer, who sees no reporting, gets no panel: not the coordinator's kept one.
    client.force_login(personas.viewer)
    assert not panel.search(client.get(url).content.decode())
