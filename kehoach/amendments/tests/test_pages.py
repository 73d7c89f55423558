"""Pages: constant queries on lists, the global audit log, panels."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kehoach.amendments import services
from kehoach.amendments.models import AmendmentItem, AmendmentProposal
from kehoach.core.services import audit_log

from .conftest import task_by_ref

pytestmark = pytest.mark.django_db


def _make_proposals(plan, personas, n):
    task = task_by_ref(plan, "11")
    for i in range(n):
        proposal = AmendmentProposal.objects.create(plan=plan, unit=personas.unit_a, title=f"Đề xuất {i}",
                                                    base_version=plan.current_version, status="submitted",
                                                    created_by=personas.focal_a)
        AmendmentItem.objects.create(proposal=proposal, kind="drop", task=task, reason="r")


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["coordinator", "focal_a"])
def test_list_queries_constant(plan, personas, client, who):
    client.force_login(getattr(personas, who))
    _make_proposals(plan, personas, 3)
    small = _count(client, reverse("amendments:list"))
    _make_proposals(plan, personas, 9)
    assert _count(client, reverse("amendments:list")) == small
    api_small = _count(client, "/api/amendments/")
    _make_proposals(plan, personas, 9)
    assert _count(client, "/api/amendments/") == api_small


def test_list_shows_statuses_escaped(plan, personas, client):
    services.proposal_create(plan=plan, actor=personas.focal_a, title="<script>alert(1)</script>")
    client.force_login(personas.focal_a)
    page = client.get(reverse("amendments:list")).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert(1)" not in page


def test_audit_log_only_coordinator_and_leadership(plan, personas, client):
    url = reverse("amendments:audit_log")
    for user, status in ((personas.coordinator, 200), (personas.leader, 200), (personas.finance, 403),
                         (personas.focal_a, 403), (personas.viewer, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_audit_log_filters_and_constant_queries(plan, personas, client):
    client.force_login(personas.coordinator)
    proposal = services.proposal_create(plan=plan, actor=personas.focal_a, title="Theo dõi")
    for i in range(5):
        audit_log(actor=personas.coordinator, action="amendment.update", obj=proposal, before={"n": i}, after={"n": i + 1})
    url = reverse("amendments:audit_log")
    client.get(url)  # a cold process first caches the content types (one query): not what grows with data
    small = _count(client, url)
    for i in range(40):
        audit_log(actor=personas.leader, action="plan.update", obj=plan, before={"n": i}, after={"n": i + 1})
    assert _count(client, url) == small
    page = client.get(url, {"action": "amendment.create"}).content.decode()
    assert "Theo dõi" in page and "<td>Sửa thông tin kế hoạch</td>" not in page
    page = client.get(url, {"user": "leader", "action": "plan.update"}).content.decode()
    # Actions show as their labels, never as codes (the registry in core/audit.py).
    assert page.count("<td>Sửa thông tin kế hoạch</td>") == 40 and "plan.update</" not in page
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(AmendmentProposal)
    page = client.get(url, {"object_type": ct.pk}).content.decode()
    assert "plans.plan" not in page.split("<tbody>")[1]
    bad = client.get(url, {"date_from": "31/02/2025"})
    assert bad.status_code == 200  # invalid date shown on the form, whole log unfiltered


def test_task_panel_and_plan_action(plan, personas, flow, client):
    proposal = flow.draft(plan, personas.focal_a, [("change", "11", {"title": "Tên mới"})])
    task = task_by_ref(plan, "11")
    client.force_login(personas.focal_a)
    page = client.get(task.get_absolute_url()).content.decode()
    assert 'data-testid="panel-amendments"' in page and proposal.title in page
    assert 'data-testid="propose-amendment"' in client.get(plan.get_absolute_url()).content.decode()
    client.force_login(personas.focal_b)
    assert 'data-testid="panel-amendments"' not in client.get(task.get_absolute_url()).content.decode()
    client.force_login(personas.viewer)
    assert 'data-testid="propose-amendment"' not in client.get(plan.get_absolute_url()).content.decode()


def test_create_and_edit_pages(plan, personas, client):
    client.force_login(personas.focal_a)
    response = client.post(reverse("amendments:create", args=[plan.pk]), {"title": "Đề xuất qua trang"})
    proposal = AmendmentProposal.objects.get()
    assert response.url == reverse("amendments:edit", args=[proposal.pk])
    edit = client.get(response.url)
    assert edit.status_code == 200 and 'data-testid="item-form"' in edit.content.decode()
    row = client.get(reverse("amendments:item_row", args=[proposal.pk]), HTTP_HX_REQUEST="true")
    assert 'data-testid="item-form"' in row.content.decode() and "<html" not in row.content.decode()
    task = task_by_ref(plan, "12")
    client.post(reverse("amendments:item_add", args=[proposal.pk]),
                {"kind": "change", "task": task.pk, "timeframe_raw": "2026", "reason": "Chậm vốn"})
    item = proposal.items.get()
    client.post(reverse("amendments:item_remove", args=[proposal.pk, item.pk]))
    item.refresh_from_db()
    assert item.is_archived  # kept for the trail
    assert AmendmentProposal.objects.get().items.filter(is_archived=False).count() == 0
    # another unit's member cannot reach the edit page
    client.force_login(personas.focal_b)
    assert client.get(reverse("amendments:edit", args=[proposal.pk])).status_code == 404


def test_review_and_decision_through_pages(plan, personas, flow, client):
    p = personas
    proposal = flow.draft(plan, p.focal_a, [("drop", "12", {})])
    client.force_login(p.head_a)
    client.post(reverse("amendments:action", args=[proposal.pk, "submit"]))
    client.force_login(p.leader)  # leadership cannot forward
    page = client.post(reverse("amendments:action", args=[proposal.pk, "forward"]), follow=True).content.decode()
    assert "Chỉ đơn vị đầu mối" in page
    client.force_login(p.coordinator)
    detail = client.get(proposal.get_absolute_url()).content.decode()
    assert "Trình Lãnh đạo Bộ" in detail and 'data-testid="approve-form"' not in detail
    client.post(reverse("amendments:action", args=[proposal.pk, "forward"]), {"comment": "Đề nghị phê duyệt"})
    client.force_login(p.leader)
    detail = client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="approve-form"' in detail and "Đề nghị phê duyệt" in detail
    url = reverse("amendments:action", args=[proposal.pk, "approve"])
    bad = client.post(url, {"decision_number": "9/QĐ", "decision_date": "30/02/2025"}, follow=True)
    assert "dd/mm/yyyy" in bad.content.decode()
    missing = client.post(url, {"decision_number": "", "decision_date": "01/06/2025"}, follow=True)
    assert "số văn bản phê duyệt" in missing.content.decode()
    plan.refresh_from_db()
    assert plan.current_version.number == 1
    client.post(url, {"decision_number": "9/QĐ", "decision_date": "01/06/2025"})
    plan.refresh_from_db()
    assert plan.current_version.number == 2 and plan.current_version.decision_date.isoformat() == "2025-06-01"
