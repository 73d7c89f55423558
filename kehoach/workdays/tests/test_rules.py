"""The workdays app's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, RuleWorld, check

pytestmark = pytest.mark.django_db


def nothing(world, unit):
    return None


TABLE = [
    RuleCase("workdays.edit_calendar", nothing, own="admin", other="admin"),
]


@pytest.fixture
def rule_world(personas, make_plan, django_user_model):
    return RuleWorld(personas, make_plan, django_user_model)


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_rule(case, rule_world):
    check(case, rule_world)
