"""Unit yearly plans: pre-filled from tasks (groups expanded), own items, submit/approve, permissions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kehoach.core.models import AuditEntry
from kehoach.organizations.models import Organization
from kehoach.unitplans import services
from kehoach.unitplans.choices import YearPlanStatus
from kehoach.unitplans.models import UnitYearPlan
from kehoach.unitplans.selectors import approved_items_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(make_plan):
    return make_plan("000")


def _refs(year_plan):
    return {(i.task.ref, i.source) for i in year_plan.items.filter(task__isnull=False).select_related("task")}


def test_prefill_leads_and_group_coordination(plan, personas):
    yp = services.yearplan_create(unit=personas.unit_a, year=2025, actor=personas.focal_a)
    refs = _refs(yp)
    assert {("11", "lead"), ("12", "lead")} <= refs
    # `Các đơn vị thuộc Bộ` leads task 1 and coordinates tasks 3-5, 28: unit A is included through the group.
    assert ("1", "lead") in refs and ("3", "coordinating") in refs and ("28", "coordinating") in refs
    # `Các đơn vị liên quan` is named later by the lead unit: not expanded.
    assert not any(ref == "6" for ref, _ in refs)
    # Unit B's own task is not in unit A's plan.
    assert not any(ref == "21" for ref, _ in refs)


def test_dated_tasks_outside_the_year_left_out(plan, personas):
    yp = services.yearplan_create(unit=personas.unit_a, year=2024, actor=personas.focal_a)
    assert not any(ref == "12" for ref, _ in _refs(yp))  # 2025–2030


def test_flow_and_approved_items_for_reporting(plan, personas):
    p = personas
    yp = services.yearplan_create(unit=p.unit_a, year=2025, actor=p.focal_a)
    own = services.item_add(year_plan=yp, actor=p.focal_a, title="Hội thảo di sản số", product="Kỷ yếu",
                            deadline=dt.date(2025, 10, 1), target_date=dt.date(2025, 9, 30))
    first = yp.items.exclude(pk=own.pk).first()
    services.item_update(item=first, actor=p.focal_a, planned_output="2 báo cáo", target_date=dt.date(2025, 11, 15))
    assert not approved_items_for(p.unit_a, 2025).exists()
    with pytest.raises(PermissionDenied):
        services.yearplan_submit(year_plan=yp, actor=p.focal_a)
    services.yearplan_submit(year_plan=yp, actor=p.head_a)
    with pytest.raises(PermissionDenied):
        services.item_add(year_plan=yp, actor=p.focal_a, title="Muộn")
    for user in (p.leader, p.finance, p.head_a, p.head_b, p.viewer):
        with pytest.raises(PermissionDenied):
            services.yearplan_approve(year_plan=yp, actor=user)
    with pytest.raises(ValidationError):
        services.yearplan_return(year_plan=yp, actor=p.coordinator, comment="")
    services.yearplan_return(year_plan=yp, actor=p.coordinator, comment="Bổ sung kết quả dự kiến")
    services.yearplan_submit(year_plan=yp, actor=p.head_a)
    services.yearplan_approve(year_plan=yp, actor=p.coordinator, comment="Đồng ý")
    items = list(approved_items_for(p.unit_a, 2025))
    assert own in items and any(i.planned_output == "2 báo cáo" for i in items)
    assert not approved_items_for(p.unit_b, 2025).exists()
    assert AuditEntry.objects.filter(action="unitplan.approve", before__status="submitted",
                                     after__status="approved").exists()
    assert AuditEntry.objects.filter(action="unitplan.item_update", after__planned_output="2 báo cáo").exists()


def test_bad_input(plan, personas):
    p = personas
    yp = services.yearplan_create(unit=p.unit_a, year=2025, actor=p.focal_a)
    with pytest.raises(ValidationError, match="đã có kế hoạch năm 2025"):
        services.yearplan_create(unit=p.unit_a, year=2025, actor=p.head_a)
    with pytest.raises(ValidationError, match="không thuộc năm 2025"):
        services.item_add(year_plan=yp, actor=p.focal_a, title="x", target_date=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="nội dung"):
        services.item_add(year_plan=yp, actor=p.focal_a, title="  ")
    with pytest.raises(PermissionDenied):
        services.yearplan_create(unit=p.unit_a, year=2026, actor=p.focal_b)
    with pytest.raises(PermissionDenied):
        services.item_add(year_plan=yp, actor=p.focal_b, title="x")
    assert UnitYearPlan.objects.count() == 1 and not yp.items.filter(source="own").exists()


def test_pages_visibility_and_api(plan, personas, client):
    p = personas
    client.force_login(p.focal_a)
    response = client.post(reverse("unitplans:create"), {"year": 2025})
    yp = UnitYearPlan.objects.get()
    assert response.url == yp.get_absolute_url()
    page = client.get(yp.get_absolute_url()).content.decode()
    assert 'data-testid="yearplan-items"' in page and "Nhiệm vụ chủ trì" in page and "Nhiệm vụ phối hợp" in page
    bad = client.post(reverse("unitplans:item_add", args=[yp.pk]), {"title": "x", "target_date": "31/02/2025"},
                      follow=True)
    assert "dd/mm/yyyy" in bad.content.decode() and not yp.items.filter(source="own").exists()
    # drafts are the unit's own business
    for user, status in ((p.head_a, 200), (p.focal_b, 404), (p.coordinator, 404), (p.viewer, 404)):
        client.force_login(user)
        assert client.get(yp.get_absolute_url()).status_code == status
        assert client.get(f"/api/unitplans/{yp.pk}/").status_code == status
        assert client.get(f"/audit/unitplans/unityearplan/{yp.pk}/").status_code == status
    services.yearplan_submit(year_plan=yp, actor=p.head_a)
    for user, status in ((p.coordinator, 200), (p.leader, 200), (p.finance, 200), (p.focal_b, 404),
                         (p.viewer, 404)):
        client.force_login(user)
        assert client.get(yp.get_absolute_url()).status_code == status
    client.force_login(p.focal_a)
    assert client.post(f"/api/unitplans/{yp.pk}/approve/").status_code == 403
    client.force_login(p.coordinator)
    assert client.post(f"/api/unitplans/{yp.pk}/approve/").json()["status"] == "approved"
    client.force_login(p.viewer)
    assert client.post("/api/unitplans/", {"year": 2025}).status_code == 403
    client.force_login(p.focal_a)
    unit_page = client.get(p.unit_a.get_absolute_url()).content.decode()
    assert 'data-testid="panel-unitplans"' in unit_page and "Đã phê duyệt" in unit_page


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_constant(plan, personas, client):
    units = list(Organization.objects.filter(kind="unit").order_by("pk")[:24])

    def make(batch):
        for unit in batch:
            yp = UnitYearPlan.objects.create(unit=unit, year=2025, status=YearPlanStatus.SUBMITTED)
            yp.items.create(source="own", title="x")

    client.force_login(personas.coordinator)
    make(units[:4])
    small = _count(client, reverse("unitplans:list"))
    api_small = _count(client, "/api/unitplans/")
    make(units[4:16])
    assert _count(client, reverse("unitplans:list")) == small
    assert _count(client, "/api/unitplans/") == api_small


def test_viewer_and_other_unit_see_nothing(plan, personas, client):
    yp = services.yearplan_create(unit=personas.unit_a, year=2025, actor=personas.focal_a)
    services.yearplan_submit(year_plan=yp, actor=personas.head_a)
    for user in (personas.viewer, personas.focal_b):
        client.force_login(user)
        page = client.get(reverse("unitplans:list")).content.decode()
        assert personas.unit_a.name not in page.split('data-testid="yearplan-list"')[1]
        assert client.get("/api/unitplans/").json()["count"] == 0
        assert 'data-testid="panel-unitplans"' not in client.get(personas.unit_a.get_absolute_url()).content.decode()
    client.force_login(personas.viewer)
    assert 'data-testid="create-yearplan"' not in client.get(reverse("unitplans:list")).content.decode()
    assert client.post(reverse("unitplans:create"), {"year": 2026}).status_code == 302
    assert UnitYearPlan.objects.count() == 1
