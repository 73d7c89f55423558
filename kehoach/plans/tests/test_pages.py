import copy

import pytest
from django.urls import reverse

from conftest import gold
from kehoach.plans.models import Task
from kehoach.plans.services import plan_create_from_parsed

ROLES = ["focal_a", "head_a", "focal_b", "coordinator", "finance", "leader", "viewer"]


@pytest.fixture
def plans(make_plan):
    return make_plan("000"), make_plan("001")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_published_plans(client, personas, plans, role):
    client.force_login(getattr(personas, role))
    decision, activities = plans
    task = Task.objects.filter(plan=decision).first()
    partner = activities.tasks.filter(partner_links__isnull=False).first().partner_links.first().organization
    for url in [reverse("plans:plan_list"), decision.get_absolute_url(), activities.get_absolute_url(),
                task.get_absolute_url(), reverse("organizations:unit_list"), personas.unit_a.get_absolute_url(),
                reverse("organizations:partner_list"), partner.get_absolute_url(),
                reverse("plans:plan_versions", args=[decision.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Cục Hợp tác quốc tế" in page and "Thường xuyên" in page


def test_pages_require_sign_in(client, plans):
    response = client.get(plans[0].get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["focal_a", "leader", "viewer", "finance"])
def test_drafts_and_the_import_page_are_for_the_coordinator_only(client, personas, role):
    draft = plan_create_from_parsed(parsed=gold("000"), actor=personas.coordinator)
    client.force_login(getattr(personas, role))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("imports:upload")).status_code == 404
    assert client.get(reverse("imports:review", args=[draft.pk])).status_code == 404
    client.force_login(personas.coordinator)
    assert client.get(reverse("imports:review", args=[draft.pk])).status_code == 200


def test_search_ignores_diacritics(client, personas, plans):
    client.force_login(personas.viewer)
    decision = plans[0]
    found = client.get(decision.get_absolute_url(), {"q": "ban quyen so"}).context["tasks"]
    assert [t.ref for t in found] == ["14"]  # "bản quyền số" appears in task 14 only
    found = client.get(decision.get_absolute_url(), {"q": "hop tac"}).context["tasks"]
    assert len(found) >= 5 and all("hop tac" in t.search_text for t in found)


def test_filters_by_lead_unit_product_and_timeframe(client, personas, plans):
    client.force_login(personas.viewer)
    decision = plans[0]
    lead = client.get(decision.get_absolute_url(), {"lead": personas.unit_a.pk}).context["tasks"]
    assert [t.ref for t in lead] == ["11", "12"]
    yearly = client.get(decision.get_absolute_url(), {"timeframe": "year"}).context["tasks"]
    assert [t.ref for t in yearly] == ["6", "25"]


def test_htmx_filter_returns_only_the_table(client, personas, plans):
    client.force_login(personas.viewer)
    response = client.get(plans[0].get_absolute_url(), {"timeframe": "range"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'data-testid="task-table"' in html


def test_imported_text_is_escaped(client, personas, registry):
    parsed = copy.deepcopy(gold("000"))
    parsed["tasks"][0]["title"] = '<script>alert("x")</script> Nhiệm vụ'
    parsed["tasks"][0]["lead"] = ['<img src=x onerror=alert(1)>']
    plan = plan_create_from_parsed(parsed=parsed, actor=personas.coordinator)
    client.force_login(personas.coordinator)
    for url in [plan.get_absolute_url(), reverse("imports:review", args=[plan.pk])]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def _grow(plan, times):
    """Copy the plan's current tasks `times` over (with their links), to show query counts do not grow."""
    from kehoach.plans.services import _create_tasks, _Resolver, task_rows

    rows = task_rows(Task.objects.filter(version=plan.current_version))
    _create_tasks(plan=plan, version=plan.current_version, rows=rows * times, resolver=_Resolver(), actor=None)


@pytest.mark.parametrize("url_name", ["plans:plan_detail", "plans:plan_list"])
def test_plan_pages_run_a_constant_number_of_queries(client, personas, plans, django_assert_num_queries, url_name):
    decision = plans[0]
    client.force_login(personas.viewer)
    url = reverse(url_name, args=[decision.pk]) if url_name == "plans:plan_detail" else reverse(url_name)
    client.get(url)  # warm caches (content types, session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(decision, 3)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    if url_name == "plans:plan_detail":
        assert response.context["tasks"].paginator.count == 29 * 4  # 25 shown a page


def test_unit_page_lists_tasks_led_directly_and_through_groups(client, personas, plans):
    client.force_login(personas.focal_a)
    response = client.get(personas.unit_a.get_absolute_url())
    leading = [t.ref for t in response.context["leading"]]
    # Cục Di sản văn hóa leads 11 and 12 by name, and task 1 through "Các đơn vị thuộc Bộ" and task 2 through
    # "Các cơ quan quản lý nhà nước thuộc Bộ".
    assert {"1", "2", "11", "12"} <= set(leading)


def test_healthz_answers_without_sign_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


def test_english_switch(client, personas, plans):
    client.force_login(personas.viewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/plans/"})
    html = client.get(reverse("plans:plan_list")).content.decode()
    assert 'lang="en"' in html and "Sign out" in html and "Đăng xuất" not in html
    client.post(reverse("set_language"), {"language": "vi", "next": "/plans/"})
    assert "Đăng xuất" in client.get(reverse("plans:plan_list")).content.decode()


def test_vietnamese_whatever_the_browser_asks_for(client, personas, plans):
    client.force_login(personas.viewer)
    html = client.get(reverse("plans:plan_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html and "Đăng xuất" in html
