"""Spreadsheets (.xlsx): the plan's task list, the period's unit × state matrix, the activity list.

Unit lists are joined with ``; `` (see ``decree30.join_units``): unit names contain commas ("Vụ Kế hoạch,
Tài chính"), so only a semicolon lets the importer split a cell back into the same units.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .decree30 import clean_text, join_units
from .specs import ActivitiesSheet, HistoryTables, PeriodMatrixSheet, PlanTasksSheet

FONT = "Times New Roman"
# Excel holds at most 32,767 characters in a cell; longer text is cut with a marker.
MAX_CELL = 32_767
PLAN_HEADERS = ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm/Kết quả", "Thời gian thực hiện",
                "Tình trạng", "% hoàn thành", "Kết quả"]
PLAN_WIDTHS = [6, 60, 30, 36, 24, 20, 18, 12, 50]
ACTIVITY_HEADERS = ["STT", "Tên hoạt động", "Đối tác nước ngoài", "Thời gian dự kiến triển khai",
                    "Dự kiến nguồn ngân sách", "Đơn vị thực hiện/Ghi chú"]
ACTIVITY_WIDTHS = [6, 60, 30, 22, 24, 40]

_thin = Side(style="thin", color="000000")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
_HEAD_FONT = Font(name=FONT, size=12, bold=True)
_BODY_FONT = Font(name=FONT, size=12)
_GROUP_FONT = Font(name=FONT, size=12, bold=True)
_GROUP_FILL = PatternFill("solid", fgColor="EDEDED")
_TITLE_FONT = Font(name=FONT, size=14, bold=True)


def cell_text(value: object) -> str:
    """Sanitised cell text: XML-illegal characters stripped, cut to Excel's cell limit. (Text starting
    with ``=`` is kept as text by ``_put``, never turned into a formula.)"""
    text = clean_text(value)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return text


def _put(ws: Worksheet, row: int, col: int, value: object):
    """Write a cell; text is always stored as a string cell, so a title such as ``=HYPERLINK(…)`` shows
    as typed and never runs as a formula (openpyxl would otherwise store it as one)."""
    c = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        c.data_type = "s"
    return c


def _ref(value: object) -> int | str:
    """TT as a number when it is one, so the column sorts and filters like the plan."""
    text = clean_text(value)
    return int(text) if text.isdigit() and len(text) < 10 else text


def _sheet(wb: Workbook, title: str, headers: Sequence[str], widths: Sequence[float], heading: str,
           subheading: str = "", *, new: bool = False) -> tuple[Worksheet, int]:
    """A sheet with a title row, an optional subtitle, then the bold, wrapped, frozen header row, which is
    also repeated on every printed page. Returns the sheet and the header row number."""
    ws = wb.create_sheet() if new else wb.active
    ws.title = (cell_text(title) or "Sheet")[:31].translate(str.maketrans("[]:*?/\\", "()-----"))
    row = 1
    _put(ws, row, 1, cell_text(heading)).font = _TITLE_FONT
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
    ws.row_dimensions[row].height = 36
    if subheading:
        row += 1
        c = _put(ws, row, 1, cell_text(subheading))
        c.font = Font(name=FONT, size=12, italic=True)
        c.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
    row += 1
    for col, (header, width) in enumerate(zip(headers, widths, strict=False), 1):
        c = _put(ws, row, col, header)
        c.font = _HEAD_FONT
        c.alignment = _HEAD_ALIGN
        c.border = _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    ws.print_title_rows = f"{row}:{row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws, row


def _data_row(ws: Worksheet, row: int, values: Sequence[object], center: Sequence[int] = (1,)) -> None:
    for col, value in enumerate(values, 1):
        c = _put(ws, row, col, value)
        c.font = _BODY_FONT
        c.alignment = _CENTER if col in center else _WRAP
        c.border = _BORDER


def _to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def plan_tasks_xlsx(spec: PlanTasksSheet) -> bytes:
    """The plan's tasks: TT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, Sản phẩm/Kết quả, Thời gian thực hiện,
    then Tình trạng, % hoàn thành, Kết quả. A group heading is its own merged row (TT empty, heading in
    column B), so a re-import can tell groups from tasks by the empty TT."""
    wb = Workbook()
    sub = f"Tình trạng thực hiện {clean_text(spec.period_label)}" if clean_text(spec.period_label) else ""
    ws, row = _sheet(wb, "Nhiệm vụ", PLAN_HEADERS, PLAN_WIDTHS, spec.title, sub)
    current = None
    for task in spec.rows:
        group = clean_text(task.group)
        if group and group != current:
            row += 1
            ws.cell(row=row, column=1, value=None).border = _BORDER
            c = _put(ws, row, 2, cell_text(group))
            c.font = _GROUP_FONT
            c.alignment = _WRAP
            for col in range(1, len(PLAN_HEADERS) + 1):
                ws.cell(row=row, column=col).fill = _GROUP_FILL
                ws.cell(row=row, column=col).border = _BORDER
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(PLAN_HEADERS))
        current = group
        row += 1
        percent = task.percent
        _data_row(ws, row, [
            _ref(task.ref), cell_text(task.title), cell_text(join_units(task.lead)),
            cell_text(join_units(task.coordinating)), cell_text(task.products), cell_text(task.timeframe),
            cell_text(task.status), float(percent) / 100 if isinstance(percent, int | float) else None,
            cell_text(task.result),
        ], center=(1, 8))
        ws.cell(row=row, column=8).number_format = "0%"
    return _to_bytes(wb)


def period_matrix_xlsx(spec: PeriodMatrixSheet) -> bytes:
    """Units × report states for a period: one row per unit, one column per state, and a totals row that
    sums numeric columns (as a formula, so it stays right if someone edits the sheet)."""
    wb = Workbook()
    states = [cell_text(s) for s in spec.states]
    headers = ["STT", "Đơn vị", *states]
    widths = [6, 48, *[max(12, min(30, len(s) + 4)) for s in states]]
    sub = clean_text(spec.period_label)
    ws, header_row = _sheet(wb, "Tình trạng báo cáo", headers, widths, spec.title, sub)
    row = header_row
    for i, item in enumerate(spec.rows, 1):
        row += 1
        values: list[object] = [i, cell_text(item.unit)]
        for state in spec.states:
            v = item.values.get(state) if item.values else None
            values.append(v if isinstance(v, int | float) and not isinstance(v, bool) else cell_text(v) or None)
        _data_row(ws, row, values, center=tuple(range(3, len(headers) + 1)) + (1,))
    if spec.totals and spec.rows:
        row += 1
        _data_row(ws, row, ["", "Tổng cộng"] + [None] * len(states))
        ws.cell(row=row, column=2).font = _HEAD_FONT
        for col in range(3, len(headers) + 1):
            letter = get_column_letter(col)
            c = ws.cell(row=row, column=col, value=f"=SUM({letter}{header_row + 1}:{letter}{row - 1})")
            c.font = _HEAD_FONT
            c.alignment = _CENTER
    if spec.history is not None and spec.history.years:
        _history_sheets(wb, spec.history)
    return _to_bytes(wb)


def _history_sheets(wb: Workbook, history: HistoryTables) -> None:
    """Two more sheets: units × years (completeness and timeliness, on-time rate) and tasks × years (%)."""
    years = [str(y) for y in history.years]
    ws, row = _sheet(wb, "Lịch sử đơn vị", ["STT", "Đơn vị", *years, "Tỷ lệ đúng hạn"],
                     [6, 48, *[24] * len(years), 14], "Mức độ hoàn thành và đúng hạn qua các năm", new=True)
    for i, (unit, cells, rate) in enumerate(history.units, 1):
        row += 1
        _data_row(ws, row, [i, cell_text(unit), *[cell_text(c) or None for c in cells],
                            rate / 100 if isinstance(rate, int | float) else None], center=(1, len(years) + 3))
        ws.cell(row=row, column=len(years) + 3).number_format = "0%"
    ws, row = _sheet(wb, "Lịch sử nhiệm vụ", ["TT", "Nhiệm vụ", *years], [6, 70, *[12] * len(years)],
                     "Tiến độ từng nhiệm vụ qua các năm", new=True)
    for ref, title, percents in history.tasks:
        row += 1
        _data_row(ws, row, [_ref(ref), cell_text(title),
                            *[p / 100 if isinstance(p, int | float) else None for p in percents]],
                  center=tuple(range(3, len(years) + 3)) + (1,))
        for col in range(3, len(years) + 3):
            ws.cell(row=row, column=col).number_format = "0%"


def activities_xlsx(spec: ActivitiesSheet) -> bytes:
    """Planned activities: STT, Tên hoạt động, Đối tác nước ngoài, Thời gian dự kiến triển khai, Dự kiến
    nguồn ngân sách, Đơn vị thực hiện/Ghi chú."""
    wb = Workbook()
    ws, row = _sheet(wb, "Hoạt động", ACTIVITY_HEADERS, ACTIVITY_WIDTHS, spec.title)
    for item in spec.rows:
        row += 1
        _data_row(ws, row, [_ref(item.ref), cell_text(item.name), cell_text(item.partner),
                            cell_text(item.timeframe), cell_text(item.budget), cell_text(item.unit_note)])
    return _to_bytes(wb)


__all__ = ["activities_xlsx", "period_matrix_xlsx", "plan_tasks_xlsx"]
