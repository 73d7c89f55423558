"""The accessibility crawl's page finder: patterns with ids filled from visited addresses, links kept local."""

from .crawl import _fill, _local_path, patterns


def test_ids_are_borrowed_from_a_visited_address_under_the_same_prefix():
    visited = ["/plans/", "/reporting/reports/12/", "/plans/3/audit/"]
    assert _fill("/reporting/reports/<int:pk>/history/", visited) == "/reporting/reports/12/history/"
    assert _fill("/plans/<int:pk>/versions/", visited) == "/plans/3/versions/"
    assert _fill("/budgets/lines/<int:pk>/", visited) is None  # nothing to borrow from: reported as unreached
    assert _fill("/budgets/", visited) == "/budgets/"


def test_only_local_html_pages_are_followed():
    assert _local_path("/plans/?status=published#top") == "/plans/?status=published"
    assert _local_path("https://example.org/plans/") is None
    assert _local_path("/plans/1/export.xlsx") is None
    assert _local_path("/admin/") is None and _local_path("/api/plans/") is None
    assert _local_path("mailto:a@b.vn") is None


def test_every_named_page_of_the_resolver_is_known():
    names = dict(patterns())
    assert names["plans:plan_detail"] == "/plans/<int:pk>/"
    assert "reporting:report" in names and not any(route.startswith("/api/") for route in names.values())
