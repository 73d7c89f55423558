"""Scanned appendix tables whose group rows put their Roman numeral in a cell of its own (issue 14).

``| I | 12 | Nhóm nhiệm vụ … |``: tesseract reads a lone "I" as "|" (dropped as a bit of a ruling) and "II"
as "H" or "HỆ"; the numerals come back from the sequence of group headings. The scan is drawn here: a
ruled table at 200 dpi on grey paper, in a Times-like serif.
"""

from __future__ import annotations

import io

import pytest

from kehoach.imports.parsing import parse_document
from kehoach.imports.parsing.ocr.correct import correct_source
from kehoach.imports.parsing.source import Source, Table

from .test_ocr import require_ocr

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
HEAD = ["STT", "Số", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị cho ý kiến", "Thời gian"]
ROWS = [
    HEAD,
    ["I", "II", "Nhóm nhiệm vụ về hoàn thiện thể chế, chính sách", "", "", ""],
    ["1", "48", "Tổng kết việc thi hành Luật Tài nguyên nước", "Cục Quản lý tài nguyên nước", "Vụ Pháp chế", "Tháng 12"],
    ["2", "49", "Xây dựng Nghị định về giá đất", "Vụ Đất đai", "Vụ Pháp chế", "Tháng 9"],
    ["II", "VI", "Nhóm nhiệm vụ về ứng phó với biến đổi khí hậu", "", "", ""],
    ["3", "116", "Kiểm kê đất đai, lập bản đồ hiện trạng", "Vụ Đất đai", "Vụ Pháp chế", "Tháng 3"],
    ["4", "117", "Điều tra tiềm năng khoáng sản", "Cục Địa chất Việt Nam", "Vụ Pháp chế", "Tháng 11"],
]
WIDTHS = [110, 110, 560, 330, 270, 180]  # px at 200 dpi


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        probe = f"{line} {word}".strip()
        if draw.textlength(probe, font=font) <= width - 24 or not line:
            line = probe
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def _scan_png() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 36)  # 13 pt at 200 dpi
    image = Image.new("L", (1654, 2339), 236)  # A4, grey paper
    draw = ImageDraw.Draw(image)
    x0, y = 47, 300
    draw.text((x0, 150), "PHỤ LỤC DANH MỤC NHIỆM VỤ NĂM 2026", font=font, fill=25)
    for row in ROWS:
        cells = [_wrap(draw, text, font, w) for text, w in zip(row, WIDTHS)]
        height = 24 + 44 * max(len(c) for c in cells)
        x = x0
        for lines, w in zip(cells, WIDTHS):
            for k, line in enumerate(lines):
                draw.text((x + 12, y + 12 + 44 * k), line, font=font, fill=25)
            draw.rectangle((x, y, x + w, y + height), outline=20, width=3)
            x += w
        y += height
    buf = io.BytesIO()
    image.save(buf, "PNG", dpi=(200, 200))
    return buf.getvalue()


@pytest.mark.ocr
def test_group_numerals_in_their_own_cell_are_read_from_the_sequence():
    require_ocr()
    plan = parse_document(_scan_png(), "phu-luc-quet.png", sandbox=False)
    assert [t.ref for t in plan.tasks] == ["1", "2", "3", "4"]
    groups = [t.group for t in plan.tasks]
    assert groups[0].startswith("I. Nhóm nhiệm vụ về hoàn thiện") and groups[1] == groups[0]
    assert groups[2].startswith("II. Nhóm nhiệm vụ về ứng phó") and groups[3] == groups[2]
    assert [t.coordinating for t in plan.tasks] == [["Vụ Pháp chế"]] * 4


def test_heading_numeral_cell_misread_or_lost_takes_the_one_due():
    """Without tesseract: the numeral cells as the scan reads them ("" for "I", "HỆ" for "II")."""
    table = Table([HEAD, ["", "I", "Nhóm nhiệm vụ về thể chế", "", "", ""], ["1", "48", "a", "Vụ Đất đai", "", ""],
                   ["HỆ", "VỊ", "Nhóm nhiệm vụ về khí hậu", "", "", ""], ["2", "116", "b", "Vụ Đất đai", "", ""],
                   ["", "", "tiếp theo của dòng trên", "", "", ""]])
    correct_source(Source("scan", [table]))
    assert [r[0] for r in table.rows] == ["STT", "I", "1", "II", "2", ""]
    assert table.rows[0][4] == "Đơn vị cho ý kiến"  # "cho" is a word of its own, not a misread "chủ"
    # A task with a title only keeps its number: "1" stands for a numeral only where "I" is due.
    bare = Table([HEAD, ["I", "", "Nhóm nhiệm vụ về thể chế", "", "", ""], ["1", "", "Xây dựng đề án mới", "", "", ""],
                  ["2", "", "Tổng kết việc thi hành luật", "", "", ""]])
    correct_source(Source("scan", [bare]))
    assert [r[0] for r in bare.rows] == ["STT", "I", "1", "2"]
