"""The task tables of the plan page and of the list across plans are kept rendered (plans.views): a warm view
runs no query for the rows, the next view after a change shows it, and one kept table never reaches a user who
may not see what it holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kehoach.plans import services as plan_services
from kehoach.plans.selectors import current_tasks

pytestmark = pytest.mark.django_db


def _get(client, url, data=None, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {}, headers=headers)
    assert response.status_code == 200
    task_queries = [q["sql"] for q in queries.captured_queries if 'FROM "plans_task"' in q["sql"]]
    return response.content.decode(), task_queries


def _open_task(plan):
    today = dt.date.today()
    return next(t for t in current_tasks(plan) if t.progress != "completed"
                and (t.deadline is None or t.deadline > today))


def test_plan_page_rows_are_kept_and_show_a_new_deadline_on_the_next_view(cached, make_plan, personas, client):
    plan = make_plan("000")
    client.force_login(personas.coordinator)
    url = reverse("plans:plan_detail", args=[plan.pk])
    _get(client, url)
    html, task_queries = _get(client, url)
    assert task_queries == []  # the rows come from the kept table
    task = _open_task(plan)
    new_deadline = dt.date.today() + dt.timedelta(days=400)
    assert new_deadline.strftime("%d/%m/%Y") not in html
    plan_services.task_set_tracking(task=task, actor=personas.coordinator, data={"deadline_set": new_deadline})
    html, task_queries = _get(client, url)
    assert task_queries and new_deadline.strftime("%d/%m/%Y") in html
    # Another user who may see the plan is served the same kept table: it holds nothing of the first.
    client.force_login(personas.focal_a)
    html, task_queries = _get(client, url)
    assert task_queries == [] and new_deadline.strftime("%d/%m/%Y") in html
    assert personas.coordinator.first_name not in html.split('id="task-table"')[1]


def test_the_htmx_table_is_the_page_table_and_follows_the_language(cached, make_plan, personas, client):
    plan = make_plan("000")
    client.force_login(personas.coordinator)
    url = reverse("plans:plan_detail", args=[plan.pk])
    page, _ = _get(client, url, {"page": 2})
    part, _ = _get(client, url, {"page": 2}, HX_Request="true")
    assert part.strip() and part in page
    assert "Đơn vị chủ trì" in part
    client.cookies["django_language"] = "en"
    english, _ = _get(client, url, {"page": 2}, HX_Request="true")
    assert "Lead unit" in english and "Đơn vị chủ trì" not in english


def test_task_list_follows_a_change_in_any_plan(cached, make_plan, personas, client):
    first, second = make_plan("000"), make_plan("001")
    client.force_login(personas.coordinator)
    url = reverse("plans:task_list")
    task = _open_task(second)
    query = {"q": task.title[:30]}
    _get(client, url, query)
    html, task_queries = _get(client, url, query)
    assert task_queries == []
    new_deadline = dt.date.today() + dt.timedelta(days=500)
    plan_services.task_set_tracking(task=task, actor=personas.coordinator, data={"deadline_set": new_deadline})
    html, task_queries = _get(client, url, query)
    assert task_queries and new_deadline.strftime("%d/%m/%Y") in html
    assert first.pk != second.pk


def test_a_table_kept_for_a_coordinator_never_shows_drafts_to_a_viewer(cached, make_plan, personas, client):
    draft = make_plan("001", publish=False)
    make_plan("000")
    marker = reverse("plans:plan_detail", args=[draft.pk])
    url = reverse("plans:task_list")
    client.force_login(personas.coordinator)  # sees drafts: the table kept for the coordinators lists them
    assert marker in _get(client, url, {"sort": "title"})[0]
    client.force_login(personas.viewer)
    html, task_queries = _get(client, url, {"sort": "title"})
    assert marker not in html and task_queries  # the viewers' own table, computed for them
    client.force_login(personas.focal_a)
    assert marker not in _get(client, url, {"sort": "title"})[0]


def test_plans_list_is_kept_per_scope_and_shows_a_new_plan(cached, make_plan, personas, client):
    first = make_plan("000")
    draft = make_plan("001", publish=False)
    url = reverse("plans:plan_list")
    client.force_login(personas.coordinator)
    html = _get(client, url)[0]
    assert first.get_absolute_url() in html and draft.get_absolute_url() in html
    client.force_login(personas.viewer)
    html = _get(client, url)[0]
    assert first.get_absolute_url() in html and draft.get_absolute_url() not in html
    # The draft is published: the viewers' kept table is stale, and the next view lists the plan.
    from kehoach.plans.services import plan_publish

    plan_publish(plan=draft, actor=None, create_unknown=True)
    assert draft.get_absolute_url() in _get(client, url)[0]
