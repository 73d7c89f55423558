"""The demo's open period: its dashboard counts every status class at least once (issue 17, demo)."""

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from kehoach.plans.choices import TaskClass
from kehoach.reporting.selectors import period_class_counts
from kehoach.reporting.services import period_open_ad_hoc
from kehoach.site.demo_tracking import populate_tracking


def test_the_demo_period_dashboard_counts_every_class(make_plan, personas, client):
    plan = make_plan("000")
    today = timezone.localdate()
    # As in `kehoach demo`: the reporting demo opens the periods, the tracking demo runs last.
    period = period_open_ad_hoc(plan=plan, actor=personas.coordinator, label="Báo cáo thử", opens_on=today,
                                deadline=today + dt.timedelta(days=20))
    populate_tracking(stdout=io.StringIO(), plans=[plan], today=today)
    counts = period_class_counts(period)
    assert all(counts[c] >= 1 for c in TaskClass.values), counts
    client.force_login(personas.coordinator)
    html = client.get(reverse("reporting:period", args=[period.pk])).content.decode()
    for value in TaskClass.values:
        assert f'data-testid="class-{value}">{counts[value]}<' in html
