"""The issue's "done when": a proposal changes two tasks and drops one, leadership approves, version 2 shows it."""

import pytest
from django.urls import reverse

from kehoach.amendments.choices import ProposalStatus
from kehoach.plans.models import Task
from kehoach.plans.selectors import version_diff

from .conftest import task_by_ref

pytestmark = pytest.mark.django_db


def test_change_two_drop_one_makes_version_two(plan, personas, flow, client):
    p = personas
    v1 = plan.current_version
    old_11, old_12 = task_by_ref(plan, "11"), task_by_ref(plan, "12")
    old_29 = task_by_ref(plan, "29")
    proposal = flow.draft(plan, p.coordinator, [
        ("change", "11", {"title": "Triển khai hợp tác quốc tế về di sản văn hóa (điều chỉnh)"}),
        ("change", "12", {"timeframe_raw": "2026-2030"}),
        ("drop", "29", {}),
    ])
    flow.to_leadership(proposal, p.coordinator, p.coordinator)
    proposal = flow.approve(proposal, p.leader)
    plan.refresh_from_db()

    assert proposal.status == ProposalStatus.APPROVED
    assert plan.current_version.number == 2 and plan.versions.count() == 2
    assert proposal.result_version == plan.current_version
    assert plan.current_version.decision_number == "123/QĐ-BVHTTDL"
    changes = version_diff(v1, plan.current_version)
    assert sorted((c.kind, (c.old or c.new).ref) for c in changes) == [
        ("changed", "11"), ("changed", "12"), ("removed", "29")]
    assert Task.objects.filter(version=plan.current_version).count() == 28
    new_11 = Task.objects.get(version=plan.current_version, ref="11")
    assert new_11.lineage == old_11.lineage and new_11.title.endswith("(điều chỉnh)")

    client.force_login(p.viewer)
    page = client.get(reverse("plans:plan_versions", args=[plan.pk]) + "?from=1&to=2").content.decode()
    assert page.count('data-change="changed"') == 2 and page.count('data-change="removed"') == 1
    assert 'data-change="added"' not in page
    # Version 1 rows stay readable, flagged as an earlier version.
    for old in (old_11, old_12, old_29):
        response = client.get(old.get_absolute_url())
        assert response.status_code == 200
        assert "không phải phiên bản hiện hành" in response.content.decode()


def test_unit_proposal_for_own_task_add_and_drop(plan, personas, flow, client):
    p = personas
    proposal = flow.draft(plan, p.focal_a, [
        ("drop", "12", {}),
        ("add", None, {"title": "Nhiệm vụ mới về di sản", "lead": p.unit_a.name, "products": "Báo cáo",
                       "timeframe_raw": "2026"}),
    ])
    flow.to_leadership(proposal, p.head_a, p.coordinator)
    flow.approve(proposal, p.leader)
    plan.refresh_from_db()
    changes = version_diff(plan.versions.get(number=1), plan.current_version)
    assert sorted(c.kind for c in changes) == ["added", "removed"]
    added = next(c.new for c in changes if c.kind == "added")
    assert added.ref == "30" and added.assignments.get().organization == p.unit_a
    client.force_login(p.focal_a)
    detail = client.get(proposal.get_absolute_url()).content.decode()
    # The history shows the action's label (core/audit.py), never its code.
    assert "Đã phê duyệt" in detail and "Phê duyệt đề xuất điều chỉnh" in detail and "amendment.approve" not in detail


def test_preview_on_detail_page(plan, personas, flow, client):
    p = personas
    proposal = flow.draft(plan, p.focal_a, [("change", "11", {"lead": "Cục Di sản văn hóa; Cục Điện ảnh"})])
    client.force_login(p.focal_a)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert page.count('data-change="changed"') == 1
    assert "Cục Điện ảnh" in page
    plan.refresh_from_db()
    assert plan.current_version.number == 1  # a preview writes nothing
