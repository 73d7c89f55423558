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
        _body(document, document.element.body, src, _Numbering(document))
        return src
    except ImportRejected:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on damaged parts
        raise ImportRejected(
            "corrupt_docx", "Tệp Word (.docx) bị hỏng, không đọc được.", f"Damaged DOCX: {exc}"
        ) from None


def _body(document, element, src: Source, numbering: _Numbering) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in element.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(block, document).text
            label = numbering.label(block) if text.strip() else ""
            src.add_line(f"{label} {text}" if label else text)
        elif tag == "tbl":
            rows, spanned = _docx_grid(Table(block, document))
            src.add_table(rows, spanned=spanned)
        elif tag in ("sdt", "sdtContent", "customXml"):
            _body(document, block, src, numbering)  # content controls wrap ordinary paragraphs and tables


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


class _Numbering:
    """Word's automatic list numbers ("1.", "a)", "I.", "-"), which ``paragraph.text`` leaves out, worked
    out from numbering.xml the way Word counts them, so numbered items keep their numbers."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numpr: dict[str, object] = {}
        try:
            for style in document.styles.element.findall(qn("w:style")):
                ppr = style.find(qn("w:pPr"))
                numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
                based = style.find(qn("w:basedOn"))
                self.style_numpr[style.get(qn("w:styleId"))] = (
                    numpr,
                    based.get(qn("w:val")) if based is not None else None,
                )
        except (KeyError, NotImplementedError, AttributeError):
            pass
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            lvls = {}
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                txt = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                lvls[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    txt.get(qn("w:val")) if txt is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            abstract[node.get(qn("w:abstractNumId"))] = lvls
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and ref.get(qn("w:val")) in abstract:
                self.levels[num.get(qn("w:numId"))] = abstract[ref.get(qn("w:val"))]

    def _from_style(self, style_id: str | None):
        for _ in range(10):  # a style may take its numbering from the style it is based on
            if style_id is None or style_id not in self.style_numpr:
                return None
            numpr, based = self.style_numpr[style_id]
            if numpr is not None:
                return numpr
            style_id = based
        return None

    def label(self, p) -> str:
        qn = self.qn
        ppr = p.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None and ppr is not None:
            pstyle = ppr.find(qn("w:pStyle"))
            numpr = self._from_style(pstyle.get(qn("w:val")) if pstyle is not None else None)
        if numpr is None or not self.levels:
            return ""
        num_id = numpr.find(qn("w:numId"))
        ilvl = numpr.find(qn("w:ilvl"))
        key = num_id.get(qn("w:val")) if num_id is not None else None
        level = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        lvls = self.levels.get(key)
        if not lvls or level not in lvls:
            return ""
        counters = self.counters.setdefault(key, {})
        fmt, text, start = lvls[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]  # a new item restarts the levels under it
        if fmt == "bullet":
            return "-"
        out = text
        for k in range(level + 1):
            f = lvls.get(k, ("decimal", "", 1))[0]
            n = counters.get(k, lvls.get(k, ("", "", 1))[2])
            out = out.replace(f"%{k + 1}", _format(f, n))
        return out.strip()


def _format(fmt: str, n: int) -> str:
    if fmt == "lowerLetter":
        return _LETTERS[(n - 1) % len(_LETTERS)]
    if fmt == "upperLetter":
        return _LETTERS[(n - 1) % len(_LETTERS)].upper()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)


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
