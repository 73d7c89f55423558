"""The organizations app's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, rule_test

pytestmark = pytest.mark.django_db


def the_unit(world, unit):
    return unit


def a_group(world, unit):
    from kehoach.organizations.choices import OrgKind
    from kehoach.organizations.models import Organization

    return Organization(name=f"Nhóm của {unit.name}", kind=OrgKind.GROUP)


TABLE = [
    RuleCase("organizations.set_successor", the_unit, own="coordinator admin system",
             other="coordinator admin system"),
    RuleCase("organizations.edit_group", a_group, own="coordinator admin system", other="coordinator admin system"),
]


test_rule = rule_test(TABLE)
