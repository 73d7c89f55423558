"""The accounts app's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, nothing, rule_test

pytestmark = pytest.mark.django_db


def focal_point_account(world, unit):
    """The account of ``unit``'s focal point (unit A's is the ``focal`` actor's own)."""
    return world.personas.focal_a if unit == world.unit_a else world.personas.focal_b


TABLE = [
    # A token only for oneself: unit A's focal point for their own account, nobody for unit B's.
    RuleCase("accounts.create_token", focal_point_account, own="focal", other=""),
    RuleCase("accounts.use_totp", nothing, own="coordinator leader admin", other="coordinator leader admin"),
    RuleCase("accounts.unlock_account", nothing, own="admin", other="admin"),
]


test_rule = rule_test(TABLE)
