"""The API's page of tasks is kept serialized (plans.api.TaskViewSet.list): a repeat read runs no task query
and answers the same, an extension asked or refused shows on the next read, and a page kept for a coordinator
(who sees drafts) never reaches a viewer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kehoach.plans.services import tracking

pytestmark = pytest.mark.django_db


def _read(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/tasks/", params)
    assert response.status_code == 200
    return response.json(), [q["sql"] for q in queries.captured_queries if 'FROM "plans_task"' in q["sql"]]


def test_a_repeat_read_is_kept_and_an_extension_shows_on_the_next(cached, client, personas, make_plan):
    plan = make_plan("000")
    client.force_login(personas.coordinator)
    params = {"plan": plan.pk, "lead": personas.unit_a.pk}
    first, task_queries = _read(client, params)
    assert task_queries and first["results"]
    again, task_queries = _read(client, params)
    assert task_queries == [] and again == first
    task = next(t for t in plan.tasks.filter(is_current=True, assignments__role="lead",
                                             assignments__organization=personas.unit_a).order_by("position"))
    tracking.task_set_tracking(task=task, actor=personas.coordinator, data={"deadline_set": dt.date(2030, 6, 30),
                                                                              "leader_in_charge": personas.leader})
    extension = tracking.extension_request(task=task, actor=personas.focal_a, reason="Chờ ý kiến các bộ",
                                           proposed_date=dt.date(2030, 12, 31))
    body, task_queries = _read(client, params)
    row = next(r for r in body["results"] if r["id"] == task.pk)
    assert task_queries and [e["state"] for e in row["extensions"]] == ["pending"]
    tracking.extension_refuse(extension=extension, actor=personas.leader, comment="Không đủ căn cứ")
    body, _queries = _read(client, params)
    assert [e["state"] for e in next(r for r in body["results"] if r["id"] == task.pk)["extensions"]] == ["refused"]


def test_a_page_kept_for_a_coordinator_never_reaches_a_viewer(cached, client, personas, make_plan):
    published = make_plan("000")
    draft = make_plan("000", publish=False)
    client.force_login(personas.coordinator)
    coordinator_plans = {r["plan"] for r in _read(client, {"page_size": 100})[0]["results"]}
    assert draft.pk in coordinator_plans
    client.force_login(personas.viewer)
    viewer_plans = {r["plan"] for r in _read(client, {"page_size": 100})[0]["results"]}
    assert viewer_plans == {published.pk}


def test_a_bad_filter_is_refused_and_nothing_kept(cached, client, personas, make_plan):
    make_plan("000")
    client.force_login(personas.coordinator)
    assert client.get("/api/tasks/", {"plan": "abc"}).status_code == 400
    assert client.get("/api/tasks/", {"plan": "abc"}).status_code == 400
