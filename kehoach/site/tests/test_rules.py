"""The menu's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``). The superuser of the
table has no role (a viewer's), so the sections for people with work of their own are not in its menu."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, nothing, rule_test

pytestmark = pytest.mark.django_db


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


test_rule = rule_test(TABLE)
