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


def _lead_count(html: str) -> int:
    return int(re.search(r'Nhiệm vụ chủ trì <span class="badge bg-secondary">([\d.]+)', html).group(1).replace(".", ""))


def test_the_counts_are_kept_until_a_plan_changes(make_plan, personas, client, settings):
    """The two bounded counts are kept across views (plans.cache, the portfolio's stamp); a new plan the unit
    leads tasks of shows in the next view's count."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "unit-page-test"}}
    cache.clear()
    make_plan("000")
    client.force_login(personas.coordinator)
    url = reverse("organizations:unit_detail", args=[personas.unit_a.pk])
    first = _lead_count(client.get(url).content.decode())
    with CaptureQueriesContext(connection) as warm:
        assert _lead_count(client.get(url).content.decode()) == first
    assert not [q for q in warm.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    make_plan("001")
    after = _lead_count(client.get(url).content.decode())
    assert after > first
    cache.clear()
    assert _lead_count(client.get(url).content.decode()) == after  # what a fresh count says
