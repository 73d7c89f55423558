"""Bad input: a clear message and nothing changed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kehoach.amendments import services
from kehoach.amendments.choices import ProposalStatus
from kehoach.amendments.models import AmendmentProposal
from kehoach.plans.models import PlanVersion, Task
from kehoach.plans.services import plan_archive

from .conftest import task_by_ref

pytestmark = pytest.mark.django_db


def test_no_proposal_on_archived_or_draft_plan(make_plan, personas):
    draft = make_plan("000", publish=False)
    with pytest.raises(ValidationError, match="đang ban hành"):
        services.proposal_create(plan=draft, actor=personas.coordinator, title="x")
    published = make_plan("001")
    plan_archive(plan=published, actor=personas.coordinator)
    with pytest.raises(ValidationError, match="đang ban hành"):
        services.proposal_create(plan=published, actor=personas.coordinator, title="x")
    assert not AmendmentProposal.objects.exists()


def test_change_to_task_not_in_current_version(plan, personas, flow):
    old_11 = task_by_ref(plan, "11")
    first = flow.draft(plan, personas.focal_a, [("change", "12", {"title": "Mới"})])
    flow.approve(flow.to_leadership(first, personas.head_a, personas.coordinator), personas.leader)
    plan.refresh_from_db()
    second = services.proposal_create(plan=plan, actor=personas.focal_a, title="Tiếp")
    with pytest.raises(ValidationError, match="không thuộc phiên bản hiện hành"):
        services.item_add(proposal=second, actor=personas.focal_a, kind="change", task=old_11,
                          data={"title": "x", "reason": "y"})
    other_plan_task = Task.objects.exclude(plan=plan).first()
    if other_plan_task:
        with pytest.raises(ValidationError):
            services.item_add(proposal=second, actor=personas.coordinator, kind="drop", task=other_plan_task,
                              data={"reason": "y"})
    assert not second.items.exists()


def test_items_need_reason_and_content(plan, personas):
    proposal = services.proposal_create(plan=plan, actor=personas.focal_a, title="x")
    task = task_by_ref(plan, "11")
    with pytest.raises(ValidationError, match="lý do"):
        services.item_add(proposal=proposal, actor=personas.focal_a, kind="drop", task=task, data={"reason": ""})
    with pytest.raises(ValidationError, match="ít nhất một nội dung"):
        services.item_add(proposal=proposal, actor=personas.focal_a, kind="change", task=task, data={"reason": "r"})
    with pytest.raises(ValidationError, match="cần có tên"):
        services.item_add(proposal=proposal, actor=personas.focal_a, kind="add", data={"reason": "r"})
    with pytest.raises(ValidationError, match="chưa có nội dung"):
        services.proposal_submit(proposal=proposal, actor=personas.head_a)
    assert not proposal.items.exists()


def test_approval_needs_decision_document(plan, personas, flow):
    proposal = flow.to_leadership(flow.draft(plan, personas.focal_a, [("drop", "12", {})]), personas.head_a,
                                  personas.coordinator)
    with pytest.raises(ValidationError) as exc:
        services.proposal_approve(proposal=proposal, actor=personas.leader, decision_number=" ", decision_date=None)
    assert set(exc.value.message_dict) == {"decision_number", "decision_date"}
    with pytest.raises(ValidationError, match="sau hôm nay"):
        services.proposal_approve(proposal=proposal, actor=personas.leader, decision_number="1",
                                  decision_date=dt.date.today() + dt.timedelta(days=5))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.FORWARDED and PlanVersion.objects.filter(plan=plan).count() == 1


def test_overlapping_versions_refused_until_rebased(plan, personas, flow):
    p = personas
    first = flow.to_leadership(flow.draft(plan, p.focal_a, [("change", "11", {"title": "A"})]), p.head_a,
                               p.coordinator)
    second = flow.to_leadership(flow.draft(plan, p.focal_b, [("change", "21", {"title": "B"})]), p.head_b,
                                p.coordinator)
    flow.approve(first, p.leader)
    with pytest.raises(ValidationError, match="đã có phiên bản 2"):
        flow.approve(second, p.leader, number="2/QĐ")
    second.refresh_from_db()
    assert second.status == ProposalStatus.FORWARDED and plan.versions.count() == 2
    services.proposal_rebase(proposal=second, actor=p.coordinator)
    flow.approve(second, p.leader, number="2/QĐ")
    plan.refresh_from_db()
    assert plan.current_version.number == 3
    v3 = {t.ref: t.title for t in Task.objects.filter(version=plan.current_version, ref__in=["11", "21"])}
    assert v3 == {"11": "A", "21": "B"}  # both changes, neither lost


def test_rebase_refused_when_task_dropped_meanwhile(plan, personas, flow):
    p = personas
    first = flow.to_leadership(flow.draft(plan, p.focal_a, [("drop", "11", {})]), p.head_a, p.coordinator)
    second = flow.draft(plan, p.focal_a, [("change", "11", {"title": "B"})])
    flow.approve(first, p.leader)
    with pytest.raises(ValidationError, match="không còn trong phiên bản hiện hành"):
        services.proposal_rebase(proposal=second, actor=p.focal_a)
    with pytest.raises(ValidationError, match="đã có phiên bản 2"):
        services.proposal_submit(proposal=second, actor=p.head_a)
    second.refresh_from_db()
    assert second.base_version.number == 1 and second.status == ProposalStatus.DRAFT


def test_decided_proposal_cannot_be_decided_again(plan, personas, flow):
    proposal = flow.approve(flow.to_leadership(flow.draft(plan, personas.focal_a, [("drop", "12", {})]),
                                               personas.head_a, personas.coordinator), personas.leader)
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied: no longer awaiting a decision
        flow.approve(proposal, personas.leader)
    assert plan.versions.count() == 2
