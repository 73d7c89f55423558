"""The cooperation app's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, nothing, rule_test

pytestmark = pytest.mark.django_db


def unit_activity(world, unit):
    """An activity of the register (synced from the 29-task decision) that ``unit`` carries out and the other
    unit does not."""
    from kehoach.cooperation.models import Activity
    from kehoach.cooperation.services import activities_sync_from_plan

    if not Activity.objects.filter(plan=world.plan).exists():
        activities_sync_from_plan(plan=world.plan, actor=None)
    other = world.unit_b if unit == world.unit_a else world.unit_a
    activity = Activity.objects.filter(plan=world.plan, units=unit).exclude(units=other).first()
    assert activity is not None, f"{unit} carries out no activity of the 29-task decision"
    return activity


def unit_agreement(world, unit):
    from kehoach.cooperation.models import Agreement

    return Agreement(title="Bản ghi nhớ", owner_unit=unit)


def unit_event(world, unit):
    from kehoach.cooperation.models import Event

    return Event(title="Đoàn ra", owner_unit=unit)


FILERS = "focal head coordinator admin"

TABLE = [
    RuleCase("cooperation.sync_activities", nothing, own="coordinator admin system",
             other="coordinator admin system"),
    RuleCase("cooperation.edit_activity", unit_activity, own="focal head coordinator admin",
             other="coordinator admin"),
    RuleCase("cooperation.file_record", nothing, own=FILERS, other=FILERS),
    RuleCase("cooperation.create_agreement", nothing, own=FILERS, other=FILERS),
    RuleCase("cooperation.create_event", nothing, own=FILERS, other=FILERS),
    RuleCase("cooperation.edit_agreement", unit_agreement, own=FILERS, other="coordinator admin"),
    RuleCase("cooperation.edit_event", unit_event, own=FILERS, other="coordinator admin"),
    # The costing button: units and the coordinator (not a superuser without a role, as before).
    RuleCase("cooperation.budget_activity", nothing, own="focal head coordinator", other="focal head coordinator"),
    RuleCase("cooperation.see_activity_budget", nothing, own="coordinator finance leader admin",
             other="coordinator finance leader admin"),
]


test_rule = rule_test(TABLE)
