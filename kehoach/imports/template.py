"""The appendix template (Mẫu phụ lục nhiệm vụ .xlsx): a task table the importer reads back exactly.

Sheet one holds the header row (headings the importer's column logic recognises) and an example row;
sheet two the instructions and the registry's unit names, which the unit columns offer as a list (a
list that informs, not refuses: a cell may name several units).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from .parsing.grid import HEADINGS, ROLES

# The template's columns: groups are written as heading rows (``I. | Tên nhóm``), as in a plan's appendix.
TEMPLATE_ROLES = tuple(r for r in ROLES if r != "group")

WIDTHS = {"ref": 6, "group": 24, "title": 60, "lead": 30, "coordinating": 36, "monitoring": 24, "products": 24,
          "timeframe": 18, "funding": 16, "note": 20}
EXAMPLE = {
    "ref": "1", "title": "Xây dựng và trình ban hành kế hoạch chi tiết",
    "lead": "", "coordinating": "", "monitoring": "", "products": "Kế hoạch", "timeframe": "Quý II/2026",
    "funding": "", "note": "Dòng ví dụ: thay bằng nhiệm vụ của kế hoạch",
}
INSTRUCTIONS = [
    "Hướng dẫn điền mẫu phụ lục nhiệm vụ",
    "1. Mỗi dòng của trang “Nhiệm vụ” là một nhiệm vụ; giữ nguyên dòng tiêu đề, xoá dòng ví dụ.",
    "2. STT: số thứ tự (1, 2, 3 … hoặc 1.1, 1.2). Nhóm nhiệm vụ: một dòng chỉ ghi số La Mã và tên nhóm "
    "(ví dụ “I.” và “Hợp tác song phương”), các nhiệm vụ của nhóm ở các dòng dưới.",
    "3. Đơn vị chủ trì, phối hợp, theo dõi: chọn trong danh mục bên phải; nhiều đơn vị trong một ô "
    "thì ngăn bằng dấu chấm phẩy (;).",
    "4. Thời gian thực hiện: ví dụ “Quý II/2026”, “Tháng 6/2026”, “Năm 2026”, “2026-2030”, "
    "“Trước ngày 30/9/2026”, “Thường xuyên”.",
    "5. Sản phẩm: ngăn các sản phẩm bằng dấu phẩy.",
    "6. Lưu tệp (.xlsx) rồi tải lên ở trang “Nhập kế hoạch”: hệ thống đọc và tạo bản nháp để rà soát.",
]


def template_workbook(unit_names: list[str], example_lead: str = "", example_coordinating: str = "") -> bytes:
    """The template as .xlsx bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    sheet.append([HEADINGS[r] for r in TEMPLATE_ROLES])
    example = {**EXAMPLE, "lead": example_lead, "coordinating": example_coordinating}
    sheet.append([example[r] for r in TEMPLATE_ROLES])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for k, role in enumerate(TEMPLATE_ROLES, start=1):
        cell = sheet.cell(row=1, column=k)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[cell.column_letter].width = WIDTHS[role]
    sheet.freeze_panes = "A2"

    help_sheet = book.create_sheet("Hướng dẫn")
    for n, line in enumerate(INSTRUCTIONS, start=1):
        help_sheet.cell(row=n, column=1, value=line).font = bold if n == 1 else Font()
    help_sheet.column_dimensions["A"].width = 100
    help_sheet.cell(row=1, column=3, value="Danh mục đơn vị").font = bold
    for n, name in enumerate(unit_names, start=2):
        help_sheet.cell(row=n, column=3, value=name)
    help_sheet.column_dimensions["C"].width = 60
    if unit_names:
        source = f"'Hướng dẫn'!$C$2:$C${len(unit_names) + 1}"
        check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                               errorStyle="information", error="Tên này chưa có trong danh mục đơn vị.")
        sheet.add_data_validation(check)
        for role in ("lead", "coordinating", "monitoring"):
            letter = sheet.cell(row=1, column=TEMPLATE_ROLES.index(role) + 1).column_letter
            check.add(f"{letter}2:{letter}1000")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
