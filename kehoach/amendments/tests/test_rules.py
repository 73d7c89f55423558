"""The amendments app's rules, every role × own/other unit, in the states that matter
(see ``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.core.tests.rulebook import RuleCase, rule_test

pytestmark = pytest.mark.django_db


def _people(world, unit):
    p = world.personas
    return (p.focal_a, p.head_a) if unit == world.unit_a else (p.focal_b, p.head_b)


def led_task(world, unit):
    """A current task of the published plan that ``unit`` itself leads."""
    world.plan.refresh_from_db()  # an approval in an earlier row makes a new version
    task = (world.plan.tasks.filter(version_id=world.plan.current_version_id, assignments__role="lead",
                                    assignments__organization=unit)
            .prefetch_related("assignments").order_by("position").first())
    assert task is not None, f"{unit} leads no task of the 29-task decision"
    return task


def published_plan(world, unit):
    return world.plan


def draft_plan(world, unit):
    if "draft_plan" not in world.__dict__:
        world.__dict__["draft_plan"] = world.make_plan("001", publish=False)
    return world.__dict__["draft_plan"]


def no_plan(world, unit):
    return None


def own_lead_names(world, unit):
    """The lead units named by a proposed new task: ``unit`` itself."""
    return [unit.name]


def draft(world, unit):
    """A draft proposal of ``unit``'s focal point, dropping a task the unit leads."""
    from kehoach.amendments import services

    focal, _head = _people(world, unit)
    proposal = services.proposal_create(plan=world.plan, actor=focal, title=f"Đề xuất của {unit}")
    services.item_add(proposal=proposal, actor=focal, kind="drop", task=led_task(world, unit),
                      data={"reason": "Đã hoàn thành"})
    return proposal


def coordinators_draft(world, unit):
    """A draft the coordinator wrote itself (whatever the unit)."""
    from kehoach.amendments import services

    return services.proposal_create(plan=world.plan, actor=world.personas.coordinator, title="Đề xuất của Cục")


def submitted(world, unit):
    from kehoach.amendments import services

    proposal = draft(world, unit)
    return services.proposal_submit(proposal=proposal, actor=_people(world, unit)[1])


def returned(world, unit):
    from kehoach.amendments import services

    return services.proposal_return(proposal=submitted(world, unit), actor=world.personas.coordinator,
                                    comment="Bổ sung lý do")


def forwarded(world, unit):
    from kehoach.amendments import services

    return services.proposal_forward(proposal=submitted(world, unit), actor=world.personas.coordinator)


def approved(world, unit):
    from kehoach.amendments import services

    return services.proposal_approve(proposal=forwarded(world, unit), actor=world.personas.leader,
                                     decision_number="1/QĐ", decision_date=dt.date(2025, 6, 1))


def nothing(world, unit):
    return None


SEES_ALL = "coordinator finance leader admin"

TABLE = [
    RuleCase("amendments.propose", published_plan, own="focal head coordinator admin",
             other="focal head coordinator admin"),
    RuleCase("amendments.propose", draft_plan, own="", other="", label="unpublished plan"),
    RuleCase("amendments.propose", no_plan, own="focal head coordinator admin", other="focal head coordinator admin",
             label="any plan"),
    RuleCase("amendments.amend_task", led_task, own="focal head coordinator admin", other="coordinator admin"),
    RuleCase("amendments.add_task", own_lead_names, own="focal head coordinator admin", other="coordinator admin"),
    RuleCase("amendments.edit_proposal", draft, own="focal head", other=""),
    RuleCase("amendments.edit_proposal", returned, own="focal head", other=""),
    RuleCase("amendments.edit_proposal", submitted, own="", other=""),
    RuleCase("amendments.edit_proposal", coordinators_draft, own="coordinator", other="coordinator"),
    RuleCase("amendments.submit_proposal", draft, own="head", other=""),
    RuleCase("amendments.submit_proposal", returned, own="head", other=""),
    RuleCase("amendments.submit_proposal", submitted, own="", other=""),
    RuleCase("amendments.submit_proposal", coordinators_draft, own="coordinator", other="coordinator"),
    RuleCase("amendments.forward_proposal", draft, own="", other=""),
    RuleCase("amendments.forward_proposal", submitted, own="coordinator admin", other="coordinator admin"),
    RuleCase("amendments.forward_proposal", forwarded, own="", other=""),
    RuleCase("amendments.return_proposal", draft, own="", other=""),
    RuleCase("amendments.return_proposal", submitted, own="coordinator admin", other="coordinator admin"),
    RuleCase("amendments.return_proposal", forwarded, own="coordinator admin", other="coordinator admin"),
    RuleCase("amendments.decide_proposal", submitted, own="", other=""),
    RuleCase("amendments.decide_proposal", forwarded, own="leader", other="leader"),
    RuleCase("amendments.decide_proposal", approved, own="", other=""),
    RuleCase("amendments.comment", draft, own="focal head " + SEES_ALL, other=SEES_ALL),
    RuleCase("amendments.comment", approved, own="focal head " + SEES_ALL, other=SEES_ALL),
    RuleCase("amendments.rebase", draft, own="focal head coordinator admin", other="coordinator admin"),
    RuleCase("amendments.rebase", forwarded, own="focal head coordinator admin", other="coordinator admin"),
    RuleCase("amendments.rebase", approved, own="", other=""),
    RuleCase("amendments.read_audit_log", nothing, own="coordinator leader admin", other="coordinator leader admin"),
]


test_rule = rule_test(TABLE)


def test_a_wrong_state_is_refused_with_the_rules_own_message(rule_world):
    from django.core.exceptions import PermissionDenied

    from kehoach.amendments import services

    proposal = draft(rule_world, rule_world.unit_a)
    with pytest.raises(PermissionDenied, match="Chỉ đơn vị đầu mối mới trả lại được đề xuất."):
        services.proposal_return(proposal=proposal, actor=rule_world.personas.coordinator, comment="Sớm quá")
    with pytest.raises(PermissionDenied, match="Chỉ Lãnh đạo Bộ mới phê duyệt được đề xuất đã được trình."):
        services.proposal_approve(proposal=proposal, actor=rule_world.personas.leader, decision_number="1/QĐ",
                                  decision_date=dt.date(2025, 6, 1))


def test_a_transition_writes_its_comment_audit_entry_and_notices_once(rule_world):
    from kehoach.core.models import AuditEntry

    proposal = returned(rule_world, rule_world.unit_a)
    assert [c.body for c in proposal.comments.all()] == ["Bổ sung lý do"]
    entry = AuditEntry.objects.get(action="amendment.return")
    assert (entry.before["status"], entry.after["status"], entry.message) == ("submitted", "returned",
                                                                              "Bổ sung lý do")
    for person in (rule_world.personas.focal_a, rule_world.personas.head_a):
        assert person.notifications.filter(title__icontains="trả lại").count() == 1
    assert not rule_world.personas.focal_b.notifications.exists()
