"""On-time rate per lead unit per period and its change against the previous period (issue 17.6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kehoach.organizations.models import Organization
from kehoach.plans.models import Task
from kehoach.plans.selectors import current_tasks
from kehoach.reporting.models import Obligation, ReportingPeriod, UnitReport
from kehoach.reporting.selectors import unit_on_time_trend

pytestmark = pytest.mark.django_db
D = dt.date


def _period(plan, year):
    return ReportingPeriod.objects.create(plan=plan, year=year, label=f"năm {year}", opens_on=D(year, 11, 1),
                                          cutoff=D(year, 11, 15), deadline=D(year, 11, 30))


@pytest.fixture
def two_years(make_plan, personas):
    """Unit A leads tasks 1–4 and unit B tasks 5–6 in 2024 and 2025 (each judged as of 15/11 of its year)."""
    plan = make_plan("000")
    tasks = list(current_tasks(plan))[:6]
    setup = [
        ("completed", D(2024, 3, 1), D(2024, 6, 30)),  # 2024 on time, 2025 on time
        ("completed", D(2025, 3, 1), D(2024, 12, 31)),  # 2024 not yet due, 2025 late
        ("in_progress", None, D(2025, 6, 30)),  # 2024 not yet due, 2025 overdue
        ("in_progress", None, D(2024, 10, 1)),  # overdue both years
        ("completed", D(2024, 5, 1), D(2024, 4, 30)),  # late both years
        ("completed", D(2025, 1, 10), D(2025, 2, 1)),  # 2024 not yet due, 2025 on time
    ]
    for task, (progress, done, deadline) in zip(tasks, setup, strict=True):
        Task.objects.filter(pk=task.pk).update(progress=progress, completed_on=done, deadline_set=deadline,
                                               deadline_extended=None)
    periods = [_period(plan, 2024), _period(plan, 2025)]
    for period in periods:
        for unit, slice_ in ((personas.unit_a, tasks[:4]), (personas.unit_b, tasks[4:6])):
            UnitReport.objects.create(period=period, unit=unit)  # every unit that owes has its report row
            for task in slice_:
                Obligation.objects.create(period=period, unit=unit, task=task, role="lead")
    return plan, periods, tasks


def test_rates_and_trend_by_hand(two_years, personas):
    _plan, (p2024, p2025), _tasks = two_years
    trend = unit_on_time_trend(p2025)
    assert trend["periods"] == [p2024, p2025]
    rows = {r["unit"].pk: r for r in trend["rows"]}
    # Unit A: 2024 1 on time of 2 judged (50%); 2025 1 on time, 1 late, 2 overdue (25%): down 25.
    assert rows[personas.unit_a.pk]["rates"] == [50, 25]
    assert (rows[personas.unit_a.pk]["change"], rows[personas.unit_a.pk]["trend"]) == (-25, "down")
    # Unit B: 2024 0 of 1 (0%); 2025 1 of 2 (50%): up 50.
    assert rows[personas.unit_b.pk]["rates"] == [0, 50]
    assert (rows[personas.unit_b.pk]["change"], rows[personas.unit_b.pk]["trend"]) == (50, "up")
    # The first period has nothing to compare with.
    first = {r["unit"].pk: r for r in unit_on_time_trend(p2024)["rows"]}
    assert first[personas.unit_a.pk]["trend"] == "" and first[personas.unit_a.pk]["rates"] == [50]


def test_dashboard_shows_the_trend_with_constant_queries(two_years, personas, client):
    plan, (p2024, p2025), tasks = two_years
    client.force_login(personas.coordinator)
    html = client.get(reverse("reporting:period", args=[p2025.pk])).content.decode()
    assert 'data-testid="on-time-trend"' in html and "▼ -25" in html and "▲ +50" in html

    def count():
        with CaptureQueriesContext(connection) as ctx:
            unit_on_time_trend(p2025)
        return len(ctx.captured_queries)

    before = count()
    parent = personas.unit_a.parent
    for i in range(8):  # more units, more tasks, one more earlier period
        unit = Organization.objects.create(name=f"Đơn vị thử {i}", kind=personas.unit_a.kind, parent=parent)
        for period in (p2024, p2025):
            for task in tasks:
                Obligation.objects.create(period=period, unit=unit, task=task, role="lead")
    _period(plan, 2023)
    assert count() == before == 2
    assert len(unit_on_time_trend(p2025)["rows"]) == 10
    assert len(unit_on_time_trend(p2025)["periods"]) == 3


def test_a_big_period_shows_the_trend_of_the_units_on_the_matrix_page(two_years, personas, client):
    """A period of thousands of units is read a page at a time: the trend lists the units of the matrix page
    shown, so its count reads only their obligations."""
    plan, (p2024, p2025), tasks = two_years
    parent = personas.unit_a.parent
    extra = []
    for i in range(60):  # with A and B, 62 units: two pages of the matrix (50 a page)
        unit = Organization.objects.create(name=f"Đơn vị xếp sau {i:02}", kind=personas.unit_a.kind,
                                           parent=parent, position=10_000 + i)
        extra.append(unit)
        for period in (p2024, p2025):
            UnitReport.objects.create(period=period, unit=unit)
            Obligation.objects.create(period=period, unit=unit, task=tasks[0], role="lead")
    client.force_login(personas.coordinator)
    url = reverse("reporting:period", args=[p2025.pk])

    def trend_units(html: str) -> set[str]:
        table = html.split('data-testid="on-time-trend"', 1)[1].split("</table>", 1)[0]
        return {u.name for u in [personas.unit_a, personas.unit_b, *extra] if f"<td>{u.name}</td>" in table}

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "trang 1 của bảng" in first and "trang 2 của bảng" in second
    on_first, on_second = trend_units(first), trend_units(second)
    assert {personas.unit_a.name, personas.unit_b.name} <= on_first and len(on_first) == 50
    assert on_second == {u.name for u in extra[48:]} and not on_first & on_second
    # Task 1 was completed on 01/03/2024 before its deadline: 100% in both years for every extra unit.
    assert second.count("<td>100%</td><td>100%</td>") == 12
