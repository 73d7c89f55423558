"""Word (.docx) and Excel (.xlsx): paragraphs and tables in body order, merged cells resolved."""

from __future__ import annotations

import io

from ..errors import ImportRejected
from ..source import Source


def read_docx(data: bytes) -> Source:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        src = Source("docx")
        _body(document, document.element.body, src)
        return src
    except ImportRejected:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on damaged parts
        raise ImportRejected(
            "corrupt_docx", "Tệp Word (.docx) bị hỏng, không đọc được.", f"Damaged DOCX: {exc}"
        ) from None


def _body(document, element, src: Source) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in element.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            src.add_line(Paragraph(block, document).text)
        elif tag == "tbl":
            rows, spanned = _docx_grid(Table(block, document))
            src.add_table(rows, spanned=spanned)
        elif tag in ("sdt", "sdtContent", "customXml"):
            _body(document, block, src)  # content controls wrap ordinary paragraphs and tables


def _docx_grid(table) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """Cell texts row by row, read from the XML (python-docx's row.cells is quadratic in table size).

    A merged cell is one <w:tc> with a gridSpan: its text comes once, the spanned columns stay empty.
    A cell merged downwards repeats the text above it, so every row it spans names its unit.
    """
    from docx.oxml.ns import qn
    from docx.table import _Cell

    grid: list[list[str]] = []
    spanned: set[tuple[int, int]] = set()
    for tr in table._tbl.tr_lst:
        cells: list[str] = []
        for tc in tr.tc_lst:
            text = "\n".join(p.text for p in _Cell(tc, table).paragraphs).strip()
            pr = tc.tcPr
            vmerge = pr.find(qn("w:vMerge")) if pr is not None else None
            if vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue") and grid:
                above = grid[-1]
                text = above[len(cells)] if len(cells) < len(above) else text
            cells.append(text)
            for _ in range(tc.grid_span - 1):
                spanned.add((len(grid), len(cells)))
                cells.append("")
        grid.append(cells)
    return grid, spanned


def read_xlsx(data: bytes) -> Source:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises many types on damaged parts
        raise ImportRejected(
            "corrupt_xlsx", "Tệp Excel (.xlsx) bị hỏng, không đọc được.", f"Damaged XLSX: {exc}"
        ) from None
    src = Source("xlsx")
    for ws in wb.worksheets:
        rows = [[("" if v is None else str(v)) for v in row] for row in ws.iter_rows(values_only=True)]
        while rows and not any(c.strip() for c in rows[-1]):
            rows.pop()
        spanned: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            top_row, left = rng.min_row - 1, rng.min_col - 1
            if top_row >= len(rows) or left >= len(rows[top_row]):
                continue
            top = rows[top_row][left]
            # Merged down a column: the text belongs to every row it spans; across: to the first column.
            for r in range(top_row, min(rng.max_row, len(rows))):
                if rng.max_row > rng.min_row:
                    rows[r][left] = top
                for c in range(left + 1, min(rng.max_col, len(rows[r]))):
                    spanned.add((r, c))
        src.add_table(rows, spanned=spanned)
    return src
