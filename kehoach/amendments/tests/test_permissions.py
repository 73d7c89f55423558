"""Who may do what with proposals, by service, page and API."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kehoach.amendments import services
from kehoach.amendments.choices import ProposalStatus
from kehoach.amendments.models import AmendmentItem, AmendmentProposal
from kehoach.core.models import AuditEntry

from .conftest import task_by_ref

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(plan, personas, flow):
    proposal = flow.draft(plan, personas.focal_a, [("change", "11", {"title": "Tên mới"})])
    return flow.to_leadership(proposal, personas.head_a, personas.coordinator)


def test_only_leadership_approves(forwarded, personas):
    for user in (personas.coordinator, personas.finance, personas.head_a, personas.focal_a, personas.viewer):
        with pytest.raises(PermissionDenied):
            services.proposal_approve(proposal=forwarded, actor=user, decision_number="1/QĐ",
                                      decision_date=dt.date(2025, 1, 2))
    forwarded.refresh_from_db()
    assert forwarded.status == ProposalStatus.FORWARDED and forwarded.plan.versions.count() == 1


def test_only_coordinator_forwards_and_returns(plan, personas, flow):
    proposal = flow.draft(plan, personas.focal_a, [("drop", "12", {})])
    services.proposal_submit(proposal=proposal, actor=personas.head_a)
    for user in (personas.leader, personas.finance, personas.head_a, personas.head_b, personas.viewer):
        with pytest.raises(PermissionDenied):
            services.proposal_forward(proposal=proposal, actor=user)
        with pytest.raises(PermissionDenied):
            services.proposal_return(proposal=proposal, actor=user, comment="x")
    with pytest.raises(ValidationError):
        services.proposal_return(proposal=proposal, actor=personas.coordinator, comment="  ")
    services.proposal_return(proposal=proposal, actor=personas.coordinator, comment="Bổ sung lý do")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert personas.focal_a.notifications.filter(title__icontains="trả lại").exists()


def test_focal_point_drafts_but_head_submits(plan, personas, flow):
    proposal = flow.draft(plan, personas.focal_a, [("drop", "12", {})])
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, actor=personas.focal_a)
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, actor=personas.head_b)
    services.proposal_submit(proposal=proposal, actor=personas.head_a)


def test_unit_b_cannot_propose_for_unit_a_task(plan, personas):
    proposal = services.proposal_create(plan=plan, actor=personas.focal_b, title="Đề xuất")
    with pytest.raises(PermissionDenied, match="đơn vị mình chủ trì"):
        services.item_add(proposal=proposal, actor=personas.focal_b, kind="change", task=task_by_ref(plan, "11"),
                          data={"title": "x", "reason": "y"})
    with pytest.raises(PermissionDenied):  # adding a task led by someone else
        services.item_add(proposal=proposal, actor=personas.focal_b, kind="add",
                          data={"title": "x", "lead": personas.unit_a.name, "reason": "y"})
    # its own task is fine
    services.item_add(proposal=proposal, actor=personas.focal_b, kind="drop", task=task_by_ref(plan, "21"),
                      data={"reason": "y"})
    assert AmendmentItem.objects.filter(proposal=proposal).count() == 1


def test_unit_b_refused_by_page_and_api(plan, personas, client):
    proposal = services.proposal_create(plan=plan, actor=personas.focal_b, title="Đề xuất")
    task = task_by_ref(plan, "11")
    client.force_login(personas.focal_b)
    response = client.post(reverse("amendments:item_add", args=[proposal.pk]),
                           {"kind": "change", "task": task.pk, "title": "x", "reason": "y"}, follow=True)
    assert "đơn vị mình chủ trì" in response.content.decode()
    response = client.post(f"/api/amendments/{proposal.pk}/items/",
                           {"kind": "change", "task": task.pk, "title": "x", "reason": "y"})
    assert response.status_code == 403
    assert not AmendmentItem.objects.filter(proposal=proposal).exists()


def test_group_led_task_is_not_a_units_own(plan, personas):
    proposal = services.proposal_create(plan=plan, actor=personas.focal_a, title="Đề xuất")
    with pytest.raises(PermissionDenied):  # task 1 is led by "Các đơn vị thuộc Bộ"
        services.item_add(proposal=proposal, actor=personas.focal_a, kind="drop", task=task_by_ref(plan, "1"),
                          data={"reason": "y"})


def test_visibility_by_role(plan, personas, flow, client):
    draft_a = flow.draft(plan, personas.focal_a, [("drop", "12", {})])
    sent_a = flow.draft(plan, personas.focal_a, [("drop", "11", {})])
    services.proposal_submit(proposal=sent_a, actor=personas.head_a)
    expected = {
        personas.focal_a: {draft_a.pk, sent_a.pk}, personas.head_a: {draft_a.pk, sent_a.pk},
        personas.focal_b: set(), personas.viewer: set(), personas.coordinator: {sent_a.pk},
        personas.leader: {sent_a.pk}, personas.finance: {sent_a.pk},
    }
    for user, ids in expected.items():
        client.force_login(user)
        api = client.get("/api/amendments/").json()
        assert {row["id"] for row in api["results"]} == ids, user
        for proposal in (draft_a, sent_a):
            status = client.get(proposal.get_absolute_url()).status_code
            assert status == (200 if proposal.pk in ids else 404), (user, proposal)
            assert client.get(f"/api/amendments/{proposal.pk}/").status_code == (200 if proposal.pk in ids else 404)
            trail = client.get(f"/audit/amendments/amendmentproposal/{proposal.pk}/").status_code
            assert trail == (200 if proposal.pk in ids else 404)


def test_viewer_cannot_create(plan, personas, client):
    with pytest.raises(PermissionDenied):
        services.proposal_create(plan=plan, actor=personas.viewer, title="x")
    client.force_login(personas.viewer)
    client.post(reverse("amendments:create", args=[plan.pk]), {"title": "x"})
    response = client.post("/api/amendments/", {"plan": plan.pk, "title": "x"})
    assert response.status_code == 403
    assert not AmendmentProposal.objects.exists()


def test_full_flow_through_api(plan, personas, client):
    client.force_login(personas.focal_a)
    pk = client.post("/api/amendments/", {"plan": plan.pk, "title": "API"}).json()["id"]
    assert client.post(f"/api/amendments/{pk}/items/", {"kind": "drop", "task": task_by_ref(plan, "12").pk,
                                                        "reason": "Đã xong"}).status_code == 201
    assert client.post(f"/api/amendments/{pk}/submit/").status_code == 403  # focal point
    client.force_login(personas.head_a)
    assert client.post(f"/api/amendments/{pk}/submit/").json()["status"] == "submitted"
    client.force_login(personas.coordinator)
    assert client.post(f"/api/amendments/{pk}/forward/").json()["status"] == "forwarded"
    client.force_login(personas.leader)
    bad = client.post(f"/api/amendments/{pk}/approve/", {"decision_number": "", "decision_date": "32/01/2025"})
    assert bad.status_code == 400
    ok = client.post(f"/api/amendments/{pk}/approve/", {"decision_number": "5/QĐ", "decision_date": "01/06/2025"})
    assert ok.json()["status"] == "approved" and ok.json()["result_version"] == 2
    assert AuditEntry.objects.filter(action="amendment.approve", before__status="forwarded",
                                     after__status="approved").count() == 1
