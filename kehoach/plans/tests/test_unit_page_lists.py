"""A unit's page lists the tasks it leads and coordinates the same way whichever of the two ways it reads
them (sorting a few tasks, or walking the plans' order for a unit with thousands)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kehoach.plans import selectors

pytestmark = pytest.mark.django_db


def _task_links(html: str, section: str) -> list[str]:
    part = html.split(f'data-testid="{section}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'href="(/plans/tasks/\d+/)"', part)


def test_both_ways_give_the_same_rows_in_the_same_order(make_plan, personas, client, monkeypatch):
    make_plan("000")
    make_plan("001")
    client.force_login(personas.coordinator)
    url = reverse("organizations:unit_detail", args=[personas.unit_a.pk])
    sorted_way = client.get(url).content.decode()
    sorted_page2 = client.get(url, {"lead_page": 2}).content.decode()
    monkeypatch.setattr(selectors, "WALK_FROM", 0)
    walked = client.get(url).content.decode()
    walked_page2 = client.get(url, {"lead_page": 2}).content.decode()
    lead, coordinating = _task_links(sorted_way, "leading"), _task_links(sorted_way, "coordinating")
    assert lead and coordinating
    assert _task_links(walked, "leading") == lead
    assert _task_links(walked, "coordinating") == coordinating
    assert _task_links(walked_page2, "leading") == _task_links(sorted_page2, "leading")



def _badges(html: str) -> tuple[int, int]:
    lead, coordinating = re.findall(r'<span class="badge bg-secondary">([\d.]+)</span>', html)[:2]
    return int(lead.replace(".", "")), int(coordinating.replace(".", ""))


def test_counts_are_kept_until_a_plan_changes(cached, make_plan, personas, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_plan("000")
    client.force_login(personas.coordinator)
    url = reverse("organizations:unit_detail", args=[personas.unit_a.pk])
    before = _badges(client.get(url).content.decode())
    assert before[0] > 0
    with CaptureQueriesContext(connection) as queries:
        assert _badges(client.get(url).content.decode()) == before
    assert not [q for q in queries.captured_queries if "COUNT(*)" in q["sql"]]  # kept
    draft = make_plan("000", publish=False)  # a draft's tasks are not owed yet
    assert _badges(client.get(url).content.decode()) == before
    from kehoach.plans.services import plan_publish

    plan_publish(plan=draft, actor=None, create_unknown=True)
    after = _badges(client.get(url).content.decode())
    assert after == (2 * before[0], 2 * before[1])
