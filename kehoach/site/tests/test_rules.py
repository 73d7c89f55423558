"""The menu's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``). The superuser of the
table has no role (a viewer's), so the sections for people with work of their own are not in its menu."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, RuleWorld, check

pytestmark = pytest.mark.django_db


def nothing(world, unit):
    return None


WORKERS = "focal head coordinator finance leader"
UNIT_WORK = "focal head coordinator finance leader admin"

TABLE = [
    RuleCase("site.menu_my_tasks", nothing, own=WORKERS, other=WORKERS),
    RuleCase("site.menu_reporting", nothing, own=WORKERS, other=WORKERS),
    RuleCase("site.menu_amendments", nothing, own=WORKERS, other=WORKERS),
    RuleCase("site.menu_unitplans", nothing, own=UNIT_WORK, other=UNIT_WORK),
    RuleCase("site.menu_budgets", nothing, own=UNIT_WORK, other=UNIT_WORK),
    RuleCase("site.menu_documents", nothing, own=UNIT_WORK, other=UNIT_WORK),
]


@pytest.fixture
def rule_world(personas, make_plan, django_user_model):
    return RuleWorld(personas, make_plan, django_user_model)


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_rule(case, rule_world):
    check(case, rule_world)
