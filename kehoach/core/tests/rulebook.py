"""The table-driven test of the rule book: every rule × role × own/other unit, written as a table per app.

Each app's ``tests/test_rules.py`` holds ``TABLE``, a list of ``RuleCase``, and one test::

    TABLE = [
        RuleCase("reporting.approve_report", draft_report, own="head", other=""),
        RuleCase("reporting.accept_report", sent_report, own="coordinator", other="coordinator"),
    ]

    @pytest.mark.parametrize("case", TABLE, ids=str)
    def test_rule(case, rule_world):
        check(case, rule_world)

or, the same in one line (the ``rule_world`` fixture comes from the root conftest)::

    from kehoach.core.tests.rulebook import RuleCase, nothing, rule_test
    test_rule = rule_test(TABLE)

``build(world, unit)`` makes the object as it belongs to ``unit`` (the actors' unit A for "own", unit B for
"other"; rules without an object return ``None``). ``own`` and ``other`` list the roles that may act:
``focal`` and ``head`` (of unit A), ``coordinator``, ``finance``, ``leader``, ``viewer``, ``admin`` (a
superuser with no role) and ``system`` (no actor: the CLI, the demo, jobs). Every other role must be refused.
``core/tests/test_rulebook.py`` checks that every rule in the book has at least one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pytest

from kehoach.core.rules import may

ROLES = ("focal", "head", "coordinator", "finance", "leader", "viewer", "admin", "system")
_PERSONA = {"focal": "focal_a", "head": "head_a", "coordinator": "coordinator", "finance": "finance",
            "leader": "leader", "viewer": "viewer"}


@dataclass(frozen=True)
class RuleCase:
    rule: str
    build: Callable[[Any, Any], Any]  # (world, unit) -> the object, or None for object-less rules
    own: str = ""                     # roles allowed on unit A's object (space-separated)
    other: str = ""                   # roles allowed on unit B's object
    label: str = ""                   # which state or variant of the object this row is about

    def __str__(self) -> str:
        return f"{self.rule}[{self.label or self.build.__name__}]"

    def allowed(self, side: str) -> set[str]:
        names = set((self.own if side == "own" else self.other).split())
        unknown = names - set(ROLES)
        assert not unknown, f"{self}: unknown roles {unknown}"
        return names


class RuleWorld:
    """The personas of ``conftest.personas`` (unit A's focal point and head, ...) and a published plan."""

    def __init__(self, personas, make_plan, django_user_model):
        self.personas, self.make_plan = personas, make_plan
        self._user_model = django_user_model

    @property
    def unit_a(self):
        return self.personas.unit_a

    @property
    def unit_b(self):
        return self.personas.unit_b

    @cached_property
    def plan(self):
        """The 29-task decision, published (built once per test)."""
        return self.make_plan("000")

    @cached_property
    def admin(self):
        return self._user_model.objects.create_superuser(username="root", password="pw-root",
                                                         email="root@example.gov.vn")

    def actor(self, role: str):
        if role == "system":
            return None
        if role == "admin":
            return self.admin
        return getattr(self.personas, _PERSONA[role])


def check(case: RuleCase, world: RuleWorld) -> None:
    """Every role on unit A's and unit B's object: allowed exactly where the table says."""
    wrong = []
    for side, unit in (("own", world.unit_a), ("other", world.unit_b)):
        obj = case.build(world, unit)
        expected = case.allowed(side)
        for role in ROLES:
            got = may(world.actor(role), case.rule, obj)
            if got != (role in expected):
                wrong.append(f"{role} on {side}: {'allowed' if got else 'refused'}")
    assert not wrong, f"{case}: " + "; ".join(wrong)


def nothing(world, unit):
    """The object of a rule about no object."""
    return None


@pytest.fixture
def rule_world(personas, make_plan, django_user_model):
    return RuleWorld(personas, make_plan, django_user_model)


def rule_test(table: list[RuleCase]):
    """The test of a table: one case a row, each role on each side (the ``rule_world`` fixture is registered for the whole suite by the root conftest)."""

    @pytest.mark.django_db
    @pytest.mark.parametrize("case", table, ids=str)
    def test_rule(case, rule_world):
        check(case, rule_world)

    return test_rule
