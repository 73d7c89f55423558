"""`kehoach demo` hooks of budgets and cooperation: idempotent, and what `status --json` counts."""

import datetime as dt
import io

import pytest

from kehoach.budgets import demo as budgets_demo
from kehoach.budgets import status as budgets_status
from kehoach.cooperation import demo as cooperation_demo
from kehoach.cooperation import status as cooperation_status

pytestmark = pytest.mark.django_db


def test_demo_populates_once(make_plan):
    from kehoach.accounts.demo import ensure_demo_users

    ensure_demo_users()
    plans = [make_plan("000"), make_plan("001")]
    today = dt.date(2026, 11, 23)
    for _ in range(2):
        out = io.StringIO()
        cooperation_demo.populate(stdout=out, plans=plans, today=today)
        budgets_demo.populate(stdout=out, plans=plans, today=today)
    coop, budgets = cooperation_status.counts(), budgets_status.counts()
    assert (coop["activities"], coop["agreements"], coop["events"]) == (16, 3, 4)
    from kehoach.organizations import status as organizations_status

    assert organizations_status.counts()["partners"] > 10
    assert budgets["budget_lines"] == 6
    assert budgets["budget_lines_by_status"] == {"draft": 2, "submitted": 0, "appraised": 3, "returned": 1}
    from kehoach.budgets.models import BudgetLine

    assert set(BudgetLine.objects.values_list("currency", flat=True)) == {"VND", "USD", "EUR"}
    from kehoach.cooperation.models import Agreement

    soon = Agreement.objects.filter(expires_on__lte=today + dt.timedelta(days=60), expires_on__gte=today)
    assert soon.count() == 1
