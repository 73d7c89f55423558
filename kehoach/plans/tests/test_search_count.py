"""A text search on the task list counts its matches only up to a thousand ("1.000+"): a substring match
scans the column as it counts. Other lists count to ten thousand."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kehoach.core import pagination

pytestmark = pytest.mark.django_db


def _count(html: str) -> str:
    return re.search(r'data-testid="task-count"[^>]*>([^<]*)<', html).group(1)


def test_a_search_counts_to_its_own_bound(make_plan, personas, client, monkeypatch):
    make_plan("000")
    client.force_login(personas.coordinator)
    url = reverse("plans:task_list")
    monkeypatch.setattr(pagination, "SEARCH_COUNT_BOUND", 3)
    searched = client.get(url, {"q": "hop tac"}).content.decode()
    listed = client.get(url).content.decode()
    assert "3+" in _count(searched)
    assert "+" not in _count(listed) and int(_count(listed).split()[0].replace(".", "")) > 3
    # The matches are still listed a page at a time (the bound is what is counted, not what is shown).
    assert searched.count('href="/plans/tasks/') > 3
