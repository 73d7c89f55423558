"""The workdays app's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, nothing, rule_test

pytestmark = pytest.mark.django_db


TABLE = [
    RuleCase("workdays.edit_calendar", nothing, own="admin", other="admin"),
]


test_rule = rule_test(TABLE)
