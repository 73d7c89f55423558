"""The plans app's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.core.tests.rulebook import RuleCase, nothing, rule_test

pytestmark = pytest.mark.django_db


def led_task(world, unit):
    """A current task of the published plan that ``unit`` leads."""
    task = world.plan.tasks.filter(version_id=world.plan.current_version_id, assignments__role="lead",
                                   assignments__organization=unit).order_by("position").first()
    assert task is not None, f"{unit} leads no task of the 29-task decision"
    return task


def pending_extension(world, unit):
    """A pending deadline extension asked by ``unit``'s focal point on a task it leads, with a deadline
    and leader in charge set (no leader: the Minister decides)."""
    from kehoach.plans.services import tracking

    task = led_task(world, unit)
    tracking.task_set_tracking(task=task, actor=world.personas.coordinator,
                               data={"deadline_set": dt.date(2030, 6, 30), "leader_in_charge": world.personas.leader})
    asker = world.personas.focal_a if unit == world.unit_a else world.personas.focal_b
    return tracking.extension_request(task=task, actor=asker, reason="Chờ ý kiến các bộ",
                                      proposed_date=dt.date(2030, 12, 31))


def draft_plan(world, unit):
    """A plan as a draft (the rules about plans do not depend on the unit)."""
    from kehoach.plans.models import Plan

    return Plan(status="draft", title="Bản nháp")


def published_plan(world, unit):
    return world.plan


TABLE = [
    RuleCase("plans.set_tracking", led_task, own="coordinator admin", other="coordinator admin"),
    RuleCase("plans.request_extension", led_task, own="focal head coordinator admin", other="coordinator admin"),
    # The leader in charge decides (here: the leadership persona); the coordinator does not.
    RuleCase("plans.decide_extension", pending_extension, own="leader", other="leader"),
    RuleCase("plans.withdraw_extension", pending_extension, own="focal coordinator admin",
             other="coordinator admin"),
    RuleCase("plans.see_summary", nothing, own="coordinator finance leader admin",
             other="coordinator finance leader admin"),
    # The plan's life: the coordinating department (the system too for imports, publication and versions).
    RuleCase("plans.import_plan", nothing, own="coordinator admin system", other="coordinator admin system"),
    RuleCase("plans.edit_draft", draft_plan, own="coordinator admin", other="coordinator admin"),
    RuleCase("plans.publish", draft_plan, own="coordinator admin system", other="coordinator admin system"),
    RuleCase("plans.archive", published_plan, own="coordinator admin", other="coordinator admin"),
    RuleCase("plans.edit_plan", published_plan, own="coordinator admin", other="coordinator admin"),
    # A new version: a re-import (the coordinator), an approved amendment (leadership), or the system.
    RuleCase("plans.make_version", published_plan, own="coordinator leader admin system",
             other="coordinator leader admin system"),
    # Leadership decides what the ministry publishes.
    RuleCase("plans.make_public", published_plan, own="leader admin", other="leader admin"),
]


test_rule = rule_test(TABLE)
