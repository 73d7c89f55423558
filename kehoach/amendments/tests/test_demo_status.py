"""`kehoach demo` data of amendments and unit plans (idempotent) and the `status` counts."""

import datetime as dt
import io

import pytest

from kehoach.amendments import demo as amendments_demo
from kehoach.amendments import status as amendments_status
from kehoach.amendments.models import AmendmentProposal
from kehoach.plans.selectors import version_diff
from kehoach.unitplans import demo as unitplans_demo
from kehoach.unitplans import status as unitplans_status

pytestmark = pytest.mark.django_db


def test_demo_twice_makes_version_two_once(make_plan):
    from kehoach.accounts.demo import ensure_demo_users

    plans = [make_plan("000"), make_plan("001")]
    ensure_demo_users()
    today = dt.date(2025, 9, 1)
    for _ in range(2):
        amendments_demo.populate(stdout=io.StringIO(), plans=plans, today=today)
        unitplans_demo.populate(stdout=io.StringIO(), plans=plans, today=today)
    plan = plans[0]
    plan.refresh_from_db()
    assert plan.current_version.number == 2 and plan.versions.count() == 2
    changes = version_diff(plan.versions.get(number=1), plan.current_version)
    assert sorted(c.kind for c in changes) == ["changed", "changed"]  # the demo keeps all 45 tasks
    assert AmendmentProposal.objects.count() == 2
    counts = amendments_status.counts()
    assert counts["amendments_by_state"]["approved"] == 1 and counts["amendments_by_state"]["submitted"] == 1
    from kehoach.plans import status as plans_status

    assert plans_status.counts()["plan_versions"] == 3  # two of the first plan, one of the second
    assert unitplans_status.counts()["unit_year_plans_by_state"] == {
        "draft": 0, "submitted": 1, "returned": 0, "approved": 1}
