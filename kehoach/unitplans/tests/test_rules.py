"""The unitplans app's rules, every role × own/other unit, in the states that matter
(see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import pytest

from kehoach.core.tests.rulebook import RuleCase, rule_test

pytestmark = pytest.mark.django_db


def _people(world, unit):
    p = world.personas
    return (p.focal_a, p.head_a) if unit == world.unit_a else (p.focal_b, p.head_b)


def the_unit(world, unit):
    return unit


def no_unit(world, unit):
    """A user with no unit (the viewer, leadership) asks for "their" unit: nothing."""
    return None


def draft(world, unit):
    """The unit's plan for 2025, drawn up by its focal point (pre-filled from the tasks it carries)."""
    from kehoach.unitplans import services

    assert world.plan is not None  # the published plan the items come from
    focal, _head = _people(world, unit)
    year_plan = services.yearplan_create(unit=unit, year=2025, actor=focal)
    services.item_add(year_plan=year_plan, actor=focal, title="Hội thảo của đơn vị")
    return year_plan


def submitted(world, unit):
    from kehoach.unitplans import services

    return services.yearplan_submit(year_plan=draft(world, unit), actor=_people(world, unit)[1])


def returned(world, unit):
    from kehoach.unitplans import services

    return services.yearplan_return(year_plan=submitted(world, unit), actor=world.personas.coordinator,
                                    comment="Bổ sung kết quả dự kiến")


def approved(world, unit):
    from kehoach.unitplans import services

    return services.yearplan_approve(year_plan=submitted(world, unit), actor=world.personas.coordinator)


TABLE = [
    RuleCase("unitplans.create", the_unit, own="focal head", other=""),
    RuleCase("unitplans.create", no_unit, own="", other="", label="no unit"),
    RuleCase("unitplans.edit", draft, own="focal head", other=""),
    RuleCase("unitplans.edit", returned, own="focal head", other=""),
    RuleCase("unitplans.edit", submitted, own="", other=""),
    RuleCase("unitplans.submit", draft, own="head", other=""),
    RuleCase("unitplans.submit", returned, own="head", other=""),
    RuleCase("unitplans.submit", approved, own="", other=""),
    RuleCase("unitplans.approve", draft, own="", other=""),
    RuleCase("unitplans.approve", submitted, own="coordinator admin", other="coordinator admin"),
    RuleCase("unitplans.approve", approved, own="", other=""),
    RuleCase("unitplans.return", submitted, own="coordinator admin", other="coordinator admin"),
    RuleCase("unitplans.return", returned, own="", other=""),
]


test_rule = rule_test(TABLE)


def test_an_approval_without_a_comment_clears_the_return_reason(rule_world):
    from kehoach.core.models import AuditEntry
    from kehoach.unitplans import services

    year_plan = returned(rule_world, rule_world.unit_a)
    assert year_plan.review_comment == "Bổ sung kết quả dự kiến"
    year_plan = services.yearplan_submit(year_plan=year_plan, actor=rule_world.personas.head_a)
    year_plan = services.yearplan_approve(year_plan=year_plan, actor=rule_world.personas.coordinator)
    assert (year_plan.status, year_plan.review_comment) == ("approved", "")
    assert AuditEntry.objects.filter(action="unitplan.submit").count() == 2
    assert rule_world.personas.focal_a.notifications.filter(title__icontains="đã được phê duyệt").count() == 1
