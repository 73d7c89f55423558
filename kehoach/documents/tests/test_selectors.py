"""The spec builders run a fixed number of queries however many tasks a plan has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kehoach.documents import selectors

pytestmark = pytest.mark.django_db

UNITS = ["Cục Hợp tác quốc tế", "Cục Di sản văn hóa", "Cục Điện ảnh", "Vụ Kế hoạch, Tài chính"]


def synthetic(n: int) -> dict:
    rows = [{"group": f"Nhóm {i % 3}", "ref": str(i), "title": f"Nhiệm vụ thử số {i}", "lead": [UNITS[i % 4]],
             "coordinating": [UNITS[(i + 1) % 4], UNITS[(i + 2) % 4]], "products": ["Báo cáo"],
             "partners": ["Hàn Quốc"], "timeframe": {"raw": "Thường xuyên", "kind": "continuous"}}
            for i in range(1, n + 1)]
    return {"document": {"title": "Kế hoạch thử", "issuer": "Bộ Văn hóa, Thể thao và Du lịch"}, "tasks": rows}


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


@pytest.mark.parametrize("builder", [selectors.plan_spec, selectors.plan_tasks_sheet, selectors.activities_sheet])
def test_spec_builders_query_count_is_constant(make_plan, builder):
    small = make_plan(parsed=synthetic(10))
    large = make_plan(parsed=synthetic(30))
    small_count = _queries(lambda: builder(small))
    assert small_count == _queries(lambda: builder(large))
    assert len(builder(large).rows) == 30


def test_rows_carry_units_in_order_and_products(make_plan):
    plan = make_plan(parsed=synthetic(4))
    row = selectors.plan_task_rows(plan)[0]
    assert row.lead == ["Cục Di sản văn hóa"] and row.coordinating == ["Cục Điện ảnh", "Vụ Kế hoạch, Tài chính"]
    assert row.products == "Báo cáo" and row.timeframe == "Thường xuyên" and row.group == "Nhóm 1"


def test_issuer_from_registry_with_parent_and_code(registry):
    from kehoach.organizations.selectors import organization_by_name

    issuer = selectors.issuer_for(organization_by_name("Cục Hợp tác quốc tế"))
    assert issuer.parent_name == "Bộ Văn hóa, Thể thao và Du lịch"
    assert issuer.name == "Cục Hợp tác quốc tế" and issuer.short_code == "HTQT" and issuer.place == "Hà Nội"
    assert selectors.issuer_for(None, fallback_name="UBND").name == "UBND"
