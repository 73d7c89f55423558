"""Every page the scale benchmark measures runs the same number of SQL queries with a small portfolio and with
one several times larger (more plans, a bigger big plan, more units and reports). Times are measured by
`kehoach bench --http`, never asserted."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kehoach.site.bench_http import pages, targets
from kehoach.site.seed_scale import Shape, seed

SMALL = Shape(plans=3, tasks_per_plan=12, units=60, periods=2, big_plan_tasks=80, partners=10, seed=3)
# Added on top of SMALL: more plans, a bigger big plan (now the biggest), more units.
GROWTH = replace(SMALL, plans=6, tasks_per_plan=40, units=150, big_plan_tasks=400, seed=4)

READ_PAGES = [p.name for p in pages({k: 1 for k in ("plan", "plan_version", "big", "big_version", "task", "lead",
                                                    "busiest", "period", "draft_report")}) if p.path]


def _clients(t):
    from kehoach.accounts.models import User

    clients = {}
    for who, username in (("coordinator", "scale_htqt"), ("leadership", "scale_lanhdao")):
        clients[who] = Client()
        clients[who].force_login(User.objects.get(username=username))
    unit = Client()
    unit.force_login(User.objects.filter(unit_id=t["draft_unit"], role="focal_point").first())
    clients["unit"] = unit
    return clients


def _count_reads() -> dict[str, int]:
    t = targets()
    clients = _clients(t)
    counts = {}
    for page in pages(t):
        if not page.path:
            continue
        client = clients[page.user]
        first = client.get(page.path, HTTP_HOST="127.0.0.1")  # warm: session, content types, cached options
        assert first.status_code == 200, page.name
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, page.name
        counts[page.name] = len(queries)
    return counts


def _count_writes() -> dict[str, int]:
    from kehoach.reporting.models import UnitReport

    t = targets()
    unit = _clients(t)["unit"]
    report = UnitReport.objects.get(pk=t["draft_report"])
    entries = list(report.entries.values_list("id", flat=True))
    data = {"version": report.version, "summary": "Tóm tắt"}
    data.update({f"e-{e}-results": "Kết quả" for e in entries})
    counts = {}
    with CaptureQueriesContext(connection) as queries:
        assert unit.post(f"/reporting/reports/{report.pk}/save/", data, HTTP_HOST="127.0.0.1",
                         HTTP_HX_REQUEST="true").status_code == 200
    # Saving writes one row per entry changed: count per entry, which must stay constant.
    counts["saving a report (per entry)"] = round((len(queries) - 20) / max(len(entries), 1))
    from kehoach.accounts.models import User

    report_id, unit_id = t["approved"][0]
    submitter = Client()
    submitter.force_login(User.objects.filter(unit_id=unit_id, role="focal_point").first())
    version = UnitReport.objects.get(pk=report_id).version
    with CaptureQueriesContext(connection) as queries:
        submitter.post(f"/reporting/reports/{report_id}/submit/", {"version": version}, HTTP_HOST="127.0.0.1")
    assert UnitReport.objects.get(pk=report_id).state == "submitted"
    counts["submitting a report"] = len(queries)
    return counts


@pytest.mark.slow
def test_pages_run_the_same_queries_at_two_sizes(db):
    seed(SMALL, stream=io.StringIO())
    small = _count_reads()
    small_writes = _count_writes()
    seed(GROWTH, stream=io.StringIO())
    large = _count_reads()
    large_writes = _count_writes()
    assert set(small) == set(READ_PAGES)
    assert large == small
    assert large_writes["submitting a report"] == small_writes["submitting a report"]
    # The target: at most 15 queries a page, the task and unit pages too (they carry one panel per app:
    # reports, amendments, budgets, cooperation, unit plans). The period dashboard's history across years is a
    # request of its own (loaded into the page as the user reaches it).
    over = {name: n for name, n in large.items() if n > 15}
    assert not over, over
