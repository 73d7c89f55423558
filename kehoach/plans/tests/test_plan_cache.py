"""Figures counted over a whole plan are cached under the plan's data version (plans.cache): read once, and
recounted as soon as a service changes what they count, in every process."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kehoach.plans import services as plan_services
from kehoach.plans.models import Plan, Task
from kehoach.plans.selectors import current_tasks
from kehoach.reporting.models import Obligation, ReportingPeriod, UnitReport

pytestmark = pytest.mark.django_db
D = dt.date


def _badge(html: str, value: str) -> int:
    return int(re.search(rf'data-class="{value}">(\d+)<', html).group(1))


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, len(queries)


def test_plan_page_counts_are_read_once_and_follow_a_deadline_set(cached, make_plan, personas, client):
    plan = make_plan("000")
    client.force_login(personas.coordinator)
    url = reverse("plans:plan_detail", args=[plan.pk])
    cold, cold_queries = _get(client, url)
    warm, warm_queries = _get(client, url)
    assert warm_queries < cold_queries
    assert _badge(warm, "overdue") == _badge(cold, "overdue")
    # The coordinator sets yesterday as the deadline of a task not yet due: it is overdue on the next view.
    yesterday = dt.date.today() - dt.timedelta(days=1)
    task = next(t for t in current_tasks(plan) if t.progress != "completed"
                and (t.deadline is None or t.deadline > dt.date.today())
                and (t.timeframe_start is None or t.timeframe_start <= yesterday))
    plan_services.task_set_tracking(task=task, actor=personas.coordinator, data={"deadline_set": yesterday})
    after, after_queries = _get(client, url)
    assert _badge(after, "overdue") == _badge(cold, "overdue") + 1
    assert after_queries > warm_queries  # the table (its counts and rows) computed again…
    assert _get(client, url)[1] == warm_queries  # …once


def test_a_stale_full_save_of_the_plan_does_not_bring_old_counts_back(cached, make_plan, personas, client):
    plan = make_plan("000")
    stale = Plan.objects.get(pk=plan.pk)  # read before the change below, with the data version of then
    client.force_login(personas.coordinator)
    url = reverse("plans:plan_detail", args=[plan.pk])
    before = _badge(_get(client, url)[0], "overdue")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    task = next(t for t in current_tasks(plan) if t.progress != "completed"
                and (t.deadline is None or t.deadline > dt.date.today())
                and (t.timeframe_start is None or t.timeframe_start <= yesterday))
    plan_services.task_set_tracking(task=task, actor=personas.coordinator, data={"deadline_set": yesterday})
    assert _badge(_get(client, url)[0], "overdue") == before + 1
    stale.save()  # writes the old data version back: the key's updated_at still moves
    assert Plan.objects.get(pk=plan.pk).data_version == stale.data_version
    assert _badge(_get(client, url)[0], "overdue") == before + 1


def _two_years(plan, personas):
    tasks = list(current_tasks(plan))[:2]
    Task.objects.filter(pk=tasks[0].pk).update(progress="completed", completed_on=D(2024, 3, 1),
                                               deadline_set=D(2024, 6, 30), deadline_extended=None)
    Task.objects.filter(pk=tasks[1].pk).update(progress="in_progress", completed_on=None,
                                               deadline_set=D(2024, 10, 1), deadline_extended=None)
    periods = []
    for year in (2024, 2025):
        period = ReportingPeriod.objects.create(plan=plan, year=year, label=f"năm {year}", opens_on=D(year, 11, 1),
                                                cutoff=D(year, 11, 15), deadline=D(year, 11, 30))
        UnitReport.objects.create(period=period, unit=personas.unit_a)
        for task in tasks:
            Obligation.objects.create(period=period, unit=personas.unit_a, task=task, role="lead")
        periods.append(period)
    return periods, tasks


def test_dashboard_figures_are_read_once_and_follow_an_extension(cached, make_plan, personas, client):
    plan = make_plan("000")
    (p2024, p2025), (done, late) = _two_years(plan, personas)
    client.force_login(personas.coordinator)
    url = reverse("reporting:period", args=[p2025.pk])
    cold, cold_queries = _get(client, url)
    warm, warm_queries = _get(client, url)
    # Unit A: task 1 on time, task 2 overdue in both years: 50% then 50%.
    assert "<td>50%</td><td>50%</td>" in warm
    assert warm_queries < cold_queries
    # The coordinator moves task 2's deadline past 2025's data day: in 2025 it is no longer judged.
    plan_services.task_set_tracking(task=late, actor=personas.coordinator, data={"deadline_set": D(2026, 6, 30)})
    after, after_queries = _get(client, url)
    assert "<td>100%</td><td>100%</td>" in after and after_queries > warm_queries  # computed again…
    assert _get(client, url)[1] == warm_queries  # …once
