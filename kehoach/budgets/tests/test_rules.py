"""The budgets app's rules, every role × own/other unit (see ``kehoach.core.tests.rulebook``). A line's
state is not part of these rules (the services refuse a wrong state with their own message)."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, rule_test

pytestmark = pytest.mark.django_db


def nothing(world, unit):
    return None


def the_unit(world, unit):
    return unit


def line(world, unit):
    """A draft line the coordinator filed for ``unit``."""
    from kehoach.budgets.services import budget_line_save

    return budget_line_save(actor=world.personas.coordinator, data={
        "unit": unit, "year": 2026, "title": f"Dự toán của {unit}", "source": "state_budget", "amount": "5000000"})


def submitted_line(world, unit):
    from kehoach.budgets.services import budget_line_submit

    return budget_line_submit(line=line(world, unit), actor=world.personas.coordinator)


def led_task(world, unit):
    task = world.plan.tasks.filter(version_id=world.plan.current_version_id, assignments__role="lead",
                                   assignments__organization=unit).order_by("position").first()
    assert task is not None, f"{unit} leads no task of the 29-task decision"
    return task


UNIT_SIDE = "focal head coordinator admin"

TABLE = [
    RuleCase("budgets.view", nothing, own="focal head coordinator finance leader admin",
             other="focal head coordinator finance leader admin"),
    RuleCase("budgets.file_line", the_unit, own=UNIT_SIDE, other="coordinator admin"),
    RuleCase("budgets.file_line", nothing, own=UNIT_SIDE, other=UNIT_SIDE, label="own unit"),
    RuleCase("budgets.file_for_any_unit", nothing, own="coordinator admin", other="coordinator admin"),
    RuleCase("budgets.edit_line", line, own=UNIT_SIDE, other="coordinator admin"),
    RuleCase("budgets.submit_line", line, own=UNIT_SIDE, other="coordinator admin"),
    RuleCase("budgets.archive_line", line, own=UNIT_SIDE, other="coordinator admin"),
    RuleCase("budgets.report_spending", submitted_line, own=UNIT_SIDE, other="coordinator admin"),
    RuleCase("budgets.appraise", submitted_line, own="finance", other="finance"),
    RuleCase("budgets.see_appraisal_queue", nothing, own="coordinator finance leader admin",
             other="coordinator finance leader admin"),
    RuleCase("budgets.toggle_sponsorship", led_task, own="coordinator finance admin",
             other="coordinator finance admin"),
]


test_rule = rule_test(TABLE)
