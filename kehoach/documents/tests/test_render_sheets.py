"""The spreadsheets as someone opening them in Excel/LibreOffice Calc would see them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kehoach.documents.render import (
    ActivitiesSheet,
    ActivityRow,
    MatrixRow,
    PeriodMatrixSheet,
    PlanTasksSheet,
    TaskRow,
)
from kehoach.documents.render.sample import build_sample_sheets
from kehoach.documents.render.sheets import (
    ACTIVITY_HEADERS,
    PLAN_HEADERS,
    activities_xlsx,
    period_matrix_xlsx,
    plan_tasks_xlsx,
)


def _open(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def _header_row(ws, first: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first:
            return row[0].row
    raise AssertionError("no header row")


@pytest.fixture(scope="module")
def sheets():
    return build_sample_sheets()


def test_plan_tasks_header_and_one_row_per_task(sheets):
    spec = sheets[0]
    ws = _open(plan_tasks_xlsx(spec))
    hr = _header_row(ws, "TT")
    headers = [c.value for c in ws[hr]]
    assert headers == PLAN_HEADERS
    assert headers[:8] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm/Kết quả",
                           "Thời gian thực hiện", "Tình trạng", "% hoàn thành"]
    assert all(c.font.b for c in ws[hr]) and all(c.alignment.wrap_text for c in ws[hr])
    assert ws.freeze_panes == f"A{hr + 1}"
    assert ws.print_title_rows.replace("$", "") == f"{hr}:{hr}"
    assert ws.column_dimensions["B"].width >= 40
    body = list(ws.iter_rows(min_row=hr + 1, values_only=True))
    tasks = [r for r in body if r[0] is not None]
    groups = [r for r in body if r[0] is None]
    assert len(tasks) == len(spec.rows)
    assert [r[0] for r in tasks] == [int(t.ref) for t in spec.rows]
    assert len(groups) == 3 and groups[0][1].startswith("I. ") and all(v is None for v in groups[0][2:])
    first = spec.rows[0]
    assert tasks[0][1] == first.title and tasks[0][7] == pytest.approx(first.percent / 100)
    # Names with commas stay whole; "; " separates units.
    multi = [r for r in tasks if r[3] and "; " in r[3]]
    assert multi and any("Vụ Kế hoạch, Tài chính" in r[3].split("; ") for r in tasks if r[3])


def test_period_matrix(sheets):
    spec = sheets[1]
    ws = _open(period_matrix_xlsx(spec))
    hr = _header_row(ws, "STT")
    assert [c.value for c in ws[hr]] == ["STT", "Đơn vị", *spec.states]
    body = list(ws.iter_rows(min_row=hr + 1, values_only=True))
    assert len(body) == len(spec.rows) + 1  # plus the totals row
    assert body[0][1] == spec.rows[0].unit
    assert body[-1][1] == "Tổng cộng" and str(body[-1][2]).startswith("=SUM(")


def test_activities(sheets):
    ws = _open(activities_xlsx(sheets[2]))
    hr = _header_row(ws, "STT")
    assert [c.value for c in ws[hr]] == ACTIVITY_HEADERS == [
        "STT", "Tên hoạt động", "Đối tác nước ngoài", "Thời gian dự kiến triển khai", "Dự kiến nguồn ngân sách",
        "Đơn vị thực hiện/Ghi chú"]
    rows = list(ws.iter_rows(min_row=hr + 1, values_only=True))
    assert len(rows) == 2 and rows[1][2] == "Tổ chức Du lịch Thế giới (UN Tourism)"


def test_sheets_robust():
    nasty = '=HYPERLINK("x") & <a> \x00\x07 🎉 ' + "dài " * 10_000
    dash = "- Báo cáo tổng kết"  # a Vietnamese bullet, not a formula: kept as written
    rows = [TaskRow(ref=None, title=nasty, group=nasty, lead=[f"Đơn vị {i}, khối {i}" for i in range(300)],
                    coordinating=nasty, percent="abc"),
            TaskRow(ref="1a", title="", lead=None, result=dash)]
    ws = _open(plan_tasks_xlsx(PlanTasksSheet(title="[x]: y/z*?", rows=rows)))
    values = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not any("\x00" in v or "\x07" in v for v in values)
    assert all(len(v) <= 32_767 for v in values)
    # Shown as typed, stored as text: never a live formula.
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=HYP")]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not any(v.startswith("'") for v in values)
    assert any(v.count("; ") == 299 for v in values)
    assert dash in values
    ws = _open(period_matrix_xlsx(PeriodMatrixSheet(title="", states=["A", nasty[:50]],
                                                    rows=[MatrixRow(unit=nasty, values={"A": None}),
                                                          MatrixRow(unit="", values={})])))
    assert ws.max_row >= 4
    _open(activities_xlsx(ActivitiesSheet(title=nasty, rows=[ActivityRow(ref=None, name=nasty, partner=None)])))
    _open(activities_xlsx(ActivitiesSheet(title="")))
