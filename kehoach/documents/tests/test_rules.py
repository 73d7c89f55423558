"""The documents app's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, rule_test
from kehoach.reporting.models import UnitReport
from kehoach.reporting.tests.test_rules import draft, nothing, period, submitted

pytestmark = pytest.mark.django_db


def plan(world, unit):
    """The published 29-task decision (every role may read a published plan)."""
    return world.plan


def unsaved_report(world, unit):
    """A unit with nothing to report yet: the service asks about a stand-in report of that unit."""
    return UnitReport(period=period(world), unit=unit)


SYSTEM_AND_MANAGER = "coordinator admin system"
READS_ALL = "coordinator leader admin system"

TABLE = [
    RuleCase("documents.read_every_unit", nothing, own=READS_ALL, other=READS_ALL),
    RuleCase("documents.export_plan", plan, own="focal head coordinator finance leader viewer admin system",
             other="focal head coordinator finance leader viewer admin system"),
    # A unit prints its own report (sent or not); the coordinator and leadership any unit's.
    RuleCase("documents.generate_report", draft, own="focal head " + READS_ALL, other=READS_ALL),
    RuleCase("documents.generate_report", unsaved_report, own="focal head " + READS_ALL, other=READS_ALL),
    # The draft rule: another unit's report only once it was sent.
    RuleCase("documents.read_sent_report", draft, own="focal head system", other="system"),
    RuleCase("documents.read_sent_report", submitted, own="focal head coordinator finance leader admin system",
             other="coordinator finance leader admin system"),
    RuleCase("documents.generate_period_documents", nothing, own=SYSTEM_AND_MANAGER, other=SYSTEM_AND_MANAGER),
    # A period's documents page: the coordinator and leadership, and anyone whose unit owes the period (here
    # also finance: its department coordinates tasks of the 29-task decision).
    RuleCase("documents.see_period_documents", period, own="focal head finance " + READS_ALL,
             other="focal head finance " + READS_ALL),
    RuleCase("documents.draft_consolidated", nothing, own=SYSTEM_AND_MANAGER, other=SYSTEM_AND_MANAGER),
    RuleCase("documents.edit_signers", nothing, own=SYSTEM_AND_MANAGER, other=SYSTEM_AND_MANAGER),
]


test_rule = rule_test(TABLE)
