"""PDF with a text layer: lines and ruled tables per page, in reading order; borderless tables rebuilt
from word positions.

Ruled tables are found from the thin rules a word processor draws as cell borders (filled rectangles
a point or two thick, or stroked lines). Wide filled rectangles are cell shading or text highlight:
using their edges would cut every cell at each text line, so they are ignored.
"""

from __future__ import annotations

import io

from ..columns import cell_role, is_task_header
from ..errors import ImportRejected
from ..limits import Limits, too_many_pages
from ..pdfcolumns import grid_from_words
from ..source import Paragraph, Source, Table

_THIN = 2.5  # points: a rule is at most this thick
_MIN_RULE = 4.0  # points: and at least this long
_TABLE_SETTINGS = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "text_x_tolerance": 3,
}


def encrypted_pdf() -> ImportRejected:
    return ImportRejected(
        "encrypted_pdf",
        "Tệp PDF được đặt mật khẩu — hãy gỡ mật khẩu rồi nhập lại.",
        "The PDF is password-protected.",
    )


def _rules(page) -> tuple[list[dict], list[dict]]:
    horizontal, vertical = [], []
    for obj in list(page.rects) + list(page.lines):
        w, h = obj["width"], obj["height"]
        if min(w, h) <= _THIN and max(w, h) >= _MIN_RULE:
            (horizontal if w >= h else vertical).append(obj)
        elif obj.get("stroke") and not obj.get("fill") and min(w, h) > _THIN:
            x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
            horizontal += [
                {"x0": x0, "x1": x1, "top": top, "bottom": top, "width": w, "height": 0},
                {"x0": x0, "x1": x1, "top": bottom, "bottom": bottom, "width": w, "height": 0},
            ]
            vertical += [
                {"x0": x0, "x1": x0, "top": top, "bottom": bottom, "width": 0, "height": h},
                {"x0": x1, "x1": x1, "top": top, "bottom": bottom, "width": 0, "height": h},
            ]
    return horizontal, vertical


def _page_tables(page, continues: int = 0) -> list:
    """The ruled tables of a page. A table of one row is a table only where it carries on the previous page's
    table (``continues``: that table's column count) — a row split over a page break, alone on its page."""
    horizontal, vertical = _rules(page)
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    settings = dict(_TABLE_SETTINGS, explicit_horizontal_lines=horizontal, explicit_vertical_lines=vertical)
    found = [t for t in page.find_tables(settings) if len(t.columns) >= 2]
    return [t for k, t in enumerate(found)
            if len(t.rows) >= 2 or (k == 0 and continues and len(t.columns) == continues)]


def _open_table_columns(blocks: list) -> int:
    """The column count of the table the blocks so far end with (running heads and page numbers aside)."""
    for block in reversed(blocks):
        if isinstance(block, Table):
            return max((len(r) for r in block.rows), default=0)
        if len(block.text.split()) > 3:  # a paragraph of text between: the table has ended
            return 0
    return 0


def _inside(obj, boxes) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _grid(table) -> tuple[list[list[str]], set[tuple[int, int]]]:
    rows = table.extract(x_tolerance=3)
    spanned = set()
    grid = []
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            if cell is None:
                spanned.add((r, c))  # covered by the cell to its left (or above)
            cells.append((cell or "").strip())
        grid.append(cells)
    return grid, spanned


def read_pdf(data: bytes, limits: Limits, progress=None) -> Source:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    src = Source("pdf")
    chars = 0
    pages_words: list[list[dict]] = []
    scanned: list[int] = []  # pages with a picture and no text: read by OCR
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            if len(pages) > limits.max_pages:
                raise too_many_pages(len(pages), limits)
            src.pages = len(pages)
            for n, page in enumerate(pages, start=1):
                if not page.chars:
                    if page.images:
                        scanned.append(n)
                    pages_words.append([])
                    page.flush_cache()
                    continue
                tables = _page_tables(page, _open_table_columns(src.blocks))
                boxes = [t.bbox for t in tables]
                placed: list[tuple[float, object]] = []
                for t in tables:
                    rows, spanned = _grid(t)
                    placed.append((t.bbox[1], Table(rows, n, spanned)))
                rest = page.filter(
                    lambda obj, boxes=boxes: obj.get("object_type") != "char" or not _inside(obj, boxes)
                )
                for line in rest.extract_text_lines(return_chars=False):
                    text = line["text"]
                    chars += len(text.strip())
                    placed.append((line["top"], Paragraph(text, n)))
                chars += sum(len(c) for t in tables for row in t.extract() for c in row if c)
                placed.sort(key=lambda p: p[0])
                src.blocks.extend(b for _, b in placed)
                # A page without ruled tables may hold a borderless one: keep where its words sit.
                pages_words.append([] if tables else page.extract_words(x_tolerance=1.5))
                page.flush_cache()
                if progress and not scanned:
                    progress(n, len(pages))
    except ImportRejected:
        raise
    except PDFPasswordIncorrect:
        raise encrypted_pdf() from None
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many types on broken files
        if "allocate" in str(exc).lower():
            raise MemoryError from None  # zlib out of memory under the child's limit: too big, not damaged
        if b"/Encrypt" in data:
            raise encrypted_pdf() from None
        raise ImportRejected(
            "corrupt_pdf", "Tệp PDF bị hỏng, không đọc được.", f"Damaged PDF: {exc}"
        ) from None
    if scanned:
        _read_scanned(src, data, scanned, chars, limits, progress)
        if chars == 0:
            return src
    if chars == 0:
        raise ImportRejected(
            "scanned_pdf_needs_ocr",
            "Tệp PDF không có lớp chữ (bản quét) — cần nhận dạng ký tự (OCR) trước khi nhập.",
            "The PDF has no text layer (a scan); run OCR first.",
        )
    if not any(_has_task_header(t.rows) for t in src.tables):
        # No ruled task table: rebuild one from where the words sit under the header.
        grid = grid_from_words(pages_words)
        if grid:
            _insert_after_header(src, grid)
    return src


def _read_scanned(src: Source, data: bytes, scanned: list[int], chars: int, limits: Limits, progress) -> None:
    """OCR of the pages without a text layer; the pages with text keep theirs (a mixed PDF)."""
    from .. import ocr

    why = ocr.problem()
    if why:
        if chars == 0:
            raise ocr.missing_extra(why)
        src.warnings.append(
            f"Trang {', '.join(map(str, scanned))} là ảnh quét, chưa đọc được: máy chủ chưa cài gói mở rộng "
            "OCR “kehoach[ocr]”."
        )
        return
    results = ocr.read_pdf_pages(data, scanned, limits, progress)
    src.format = "scan"
    if chars == 0:
        ocr.add_pages(src, results, all_scanned=True)
    else:
        ocr.merge_pages(src, results)


def _has_task_header(rows: list[list[str]]) -> bool:
    return any(is_task_header([r for r in (cell_role(c) for c in row) if r]) for row in rows[:3])


def _insert_after_header(src: Source, grid: list[list[str]]) -> None:
    """Place a rebuilt table where its header line is, so the paragraph before it stays its introduction."""
    head = " ".join(grid[0][:2]).split()[:2]
    for k, block in enumerate(src.blocks):
        if isinstance(block, Paragraph) and block.text.split()[:2] == head:
            src.blocks.insert(k, Table(grid, block.page))
            return
    src.blocks.append(Table(grid))
