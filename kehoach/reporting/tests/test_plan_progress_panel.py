"""The plan page's panel of tasks shared by several units: the latest period's roll-up, read in one query."""

import datetime as dt

import pytest

from kehoach.reporting import selectors, services
from kehoach.reporting.models import TaskPeriodProgress


@pytest.mark.django_db
def test_plan_panel_shows_the_latest_periods_shared_tasks_in_one_query(personas, make_plan,
                                                                        django_assert_num_queries):
    plan = make_plan("000")
    services.period_open_yearly(plan=plan, year=2025, actor=personas.coordinator, opens_on=dt.date(2025, 10, 1))
    latest = services.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                         opens_on=dt.date(2026, 10, 1))
    shared = TaskPeriodProgress.objects.filter(period=latest, units_total__gt=1)
    assert shared.exists()  # the sample plan has tasks several units carry
    with django_assert_num_queries(1):
        progress = selectors.plan_progress(personas.coordinator, plan)
        titles = [row.task.title for row in progress["rows"]] + [progress["period"].label]
    assert progress["period"] == latest
    assert len(titles) - 1 == shared.count()
    # A viewer sees no reporting: no panel.
    assert selectors.plan_progress(personas.viewer, plan) == {"period": None, "rows": []}
