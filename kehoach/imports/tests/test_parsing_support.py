"""Builders shared by the parsing tests (no tests here): the seeds and their expected structures (from
the repository's own test data), and those plans re-typed as DOCX/XLSX."""

from __future__ import annotations

import io
from pathlib import Path

from .scoring import DATA, compare
from .scoring import load as _load

SEED_DIR = Path(__file__).resolve().parents[1] / "seeds"
# Each seed plan with the structure read from it by hand (tests/data/seeds/<seed>.json).
GOLDS = sorted(DATA.glob("seeds/*.json"))
HEAD = {
    "title": "Nhiệm vụ",
    "lead": "Đơn vị chủ trì",
    "coordinating": "Đơn vị phối hợp",
    "products": "Sản phẩm",
    "partners": "Đối tác nước ngoài",
    "timeframe": "Thời gian thực hiện",
    "funding": "Kinh phí",
    "note": "Ghi chú",
}


def score(gold: dict, out: dict, tasks_only: bool = False) -> float:
    return compare(gold, out, tasks_only)[0]


def load(path: Path) -> dict:
    return _load(path)


def seed_text(gold_path: Path) -> str:
    return (SEED_DIR / (gold_path.stem + ".txt")).read_text(encoding="utf-8")


def prose_lines(gold_path: Path) -> list[str]:
    """The seed's lines before its task table: the prose a DOCX version would carry as paragraphs."""
    lines = seed_text(gold_path).splitlines()
    for i, line in enumerate(lines):
        if line.strip().split()[:1] in (["TT"], ["STT"]):
            return [x for x in lines[:i] if x.strip()]
    return lines


def columns(gold: dict) -> list[str]:
    used = [
        c
        for c in ("title", "lead", "coordinating", "products", "partners", "timeframe", "funding", "note")
        if any(_cell(t, c) for t in gold["tasks"])
    ]
    return used


def _cell(task: dict, col: str) -> str:
    v = task.get(col)
    if col == "timeframe":
        return (v or {}).get("raw") or ""
    if isinstance(v, list):
        return ", ".join(v) if col != "products" else "/".join(v)
    return v or ""


def rows(gold: dict) -> list[tuple[str | None, list[str]]]:
    """(group heading or None, cells) in table order; a group heading comes before its rows."""
    out, group = [], None
    cols = columns(gold)
    for t in gold["tasks"]:
        if t["group"] != group:
            group = t["group"]
            out.append((group, []))
        out.append((None, [t["ref"]] + [_cell(t, c) for c in cols]))
    return out


def gold_docx(gold_path: Path, with_prose: bool = True) -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    gold = load(gold_path)
    d = docx.Document()
    if with_prose:
        for line in prose_lines(gold_path):
            d.add_paragraph(line.strip())
    cols = columns(gold)
    # Wide task tables go landscape (Decree 30), with room for words so none is broken mid-word.
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = d.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)
    table = d.add_table(rows=1, cols=len(cols) + 1)
    table.style = "Table Grid"
    table.autofit = False
    widths = [Cm(1.2)] + [Cm(8.0) if c == "title" else Cm(17.5 / (len(cols) - 1)) for c in cols]
    for k, text in enumerate(["TT"] + [HEAD[c] for c in cols]):
        table.rows[0].cells[k].text = text
        table.rows[0].cells[k].width = widths[k]
    # Repeat the header row on each page, as real plans do.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    for n, (group, cells) in enumerate(rows(gold)):
        row = table.add_row()
        for k, w in enumerate(widths):
            row.cells[k].width = w
        if group is not None:
            merged = row.cells[0].merge(row.cells[-1])  # a group heading spans the whole row
            merged.text = group
            continue
        for k, text in enumerate(cells):
            row.cells[k].text = text
        if n == 3:
            # A literal repeat of the header in the middle, as when a table was pasted page by page.
            again = table.add_row()
            for k, text in enumerate(["TT"] + [HEAD[c] for c in cols]):
                again.cells[k].text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def gold_xlsx(gold_path: Path) -> bytes:
    import openpyxl

    gold = load(gold_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    cols = columns(gold)
    ws.append(["TT"] + [HEAD[c] for c in cols])
    for group, cells in rows(gold):
        if group is not None:
            ws.append([group])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(cols) + 1)
        else:
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
