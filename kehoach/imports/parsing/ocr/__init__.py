"""Reading scans (issue 14): PDF pages without a text layer and image files, into the engine's ``Source``.

Pure engine like the rest of ``parsing``: no Django. The optional dependencies (``tesserocr``,
``opencv-python-headless``; extra ``kehoach[ocr]``) and Debian's ``tesseract-ocr-vie`` are checked by
``deps``; without them a scan is refused with a message naming the extra.

Per page (``page``): render at 300 dpi (``raster``), red channel, orientation and skew (``prep``), ruled
tables by morphology into cell grids with spans (``grid``), rulings erased, each cell read on its own,
the text between tables read as blocks; pages are shared between two processes (``pool``); the cell
text is then corrected against the document's own vocabulary (``correct``).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from kehoach.core.text import fold

from ..errors import ImportRejected
from ..limits import Limits
from ..source import Paragraph, Source, Table
from .deps import available, missing_extra, problem, require

__all__ = ["available", "budget", "missing_extra", "problem", "read_image", "read_pdf_pages", "require", "seconds_per_page"]

IMAGE_FORMATS = ("png", "jpeg", "tiff")
SCAN_MEMORY = 1536 * 1024 * 1024
# The wall-clock ceiling a scanned page adds: about 1-2 s a page on a free core, ten times that on a
# machine shared by many parses; the ceiling only stops a runaway read.
seconds_per_page = 15


def budget(data: bytes, filename: str, limits: Limits) -> Limits:
    """The limits for a file that may be a scan: the time grows with the pages to read (cheap guess from
    the bytes; a text PDF with a picture or two only gets the larger ceiling, not a longer parse)."""
    import re
    from dataclasses import replace

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext in ("png", "jpg", "jpeg", "tif", "tiff"):
        from .raster import image_page_count

        pages = image_page_count(data)
    elif ext == "pdf" and re.search(rb"/Subtype\s*/Image", data):
        pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) or 1
    else:
        return limits
    pages = min(pages, limits.max_pages)
    wall = max(limits.max_wall_seconds, 60 + seconds_per_page * pages)
    # The engines (tesseract's model, OpenCV) and a 300 dpi page take about 600 MB of address space
    # in each of the two reading processes, and the second one starts as a copy of the first.
    memory = max(limits.max_memory, SCAN_MEMORY)
    return replace(limits, max_wall_seconds=wall, max_cpu_seconds=max(limits.max_cpu_seconds, wall),
                   max_memory=memory)


def _work(kind: str, data: bytes, max_pages: int):
    def work(numbers: list[int]):
        from .page import PageReader
        from .raster import image_pages, pdf_pages

        reader = PageReader()
        try:
            if kind == "pdf":
                images = pdf_pages(data, numbers)
            else:
                wanted = set(numbers)
                images = (p for p in image_pages(data, max_pages) if p.number in wanted)
            for page in images:
                yield reader.read(page.number, page.image, page.source_dpi)
        finally:
            reader.close()

    return work


def _read(kind: str, data: bytes, numbers: list[int], limits: Limits, progress) -> list:
    from . import pool

    require()
    return pool.run(numbers, _work(kind, data, limits.max_pages), progress)


def read_pdf_pages(data: bytes, numbers: list[int], limits: Limits, progress=None) -> list:
    """PageResults for the PDF pages (1-based) that have no text layer."""
    return _read("pdf", data, numbers, limits, progress)


def read_image(data: bytes, limits: Limits, progress=None) -> Source:
    from .raster import image_page_count

    count = image_page_count(data)
    if count > limits.max_pages:
        from ..limits import too_many_pages

        raise too_many_pages(count, limits)
    results = _read("image", data, list(range(1, count + 1)), limits, progress)
    src = Source("scan", pages=count)
    add_pages(src, results, all_scanned=True)
    return src


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def check_pages(results: list, all_scanned: bool) -> list[str]:
    """Refuse a scan that cannot give a right plan; warnings for single bad pages in a good scan."""
    by = {}
    for r in results:
        by.setdefault(r.problem, []).append(r.number)
    content = [r for r in results if r.problem != "blank"]
    warnings: list[str] = []
    if by.get("low_dpi"):
        dpi = min(r.source_dpi for r in results if r.problem == "low_dpi")
        raise ImportRejected(
            "scan_low_dpi",
            f"Bản quét có độ phân giải quá thấp (khoảng {dpi:.0f} dpi, trang {_pages(by['low_dpi'])}) — dấu "
            "tiếng Việt không đọc được chính xác. Hãy quét lại ở 200–300 dpi.",
            f"The scan's resolution is too low (about {dpi:.0f} dpi, pages {_pages(by['low_dpi'])}); "
            "rescan at 200-300 dpi.",
        )
    if all_scanned and not content:
        raise ImportRejected(
            "scan_blank",
            "Bản quét chỉ có trang trắng — không có chữ để đọc. Hãy kiểm tra lại tệp quét.",
            "The scan has only blank pages; there is no text to read.",
        )
    if by.get("tilted"):
        raise ImportRejected(
            "scan_tilted",
            f"Trang {_pages(by['tilted'])} bị nghiêng quá nhiều (như ảnh chụp lệch góc) — hãy quét thẳng "
            "trang giấy trên máy quét hoặc chụp lại thẳng từ trên xuống.",
            f"Pages {_pages(by['tilted'])} are tilted too much (a photo taken at an angle); scan them flat.",
        )
    unreadable = by.get("unreadable", [])
    if unreadable and len(unreadable) * 2 >= len(content):
        raise ImportRejected(
            "scan_unreadable",
            f"Không nhận dạng được chữ ở trang {_pages(unreadable)} (chữ viết tay, ảnh mờ hoặc chụp lệch) — "
            "hãy dùng bản quét rõ của văn bản đánh máy.",
            f"Could not read the text on pages {_pages(unreadable)} (handwriting, blur or a skewed photo).",
        )
    if unreadable:
        warnings.append(f"Trang {_pages(unreadable)} của bản quét không đọc được (chữ viết tay hoặc quá mờ).")
    blank = by.get("blank", [])
    if blank and all_scanned:
        warnings.append(f"Bỏ qua trang trắng: {_pages(blank)}.")
    return warnings


def _furniture_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


def drop_furniture(results: list) -> None:
    """Running heads and page numbers read from each page ("CÔNG BÁO/Số 286/…", "96") would stand between
    the parts of a table that runs over pages; OCR reads them a little differently on each page, so they
    are matched loosely: the same letters on at least three pages, or a line of four characters at most."""
    edges: list[tuple[int, int, str]] = []  # (page index, block index, key)
    for p, r in enumerate(results):
        paragraphs = [k for k, b in enumerate(r.blocks) if isinstance(b, Paragraph)]
        for k in paragraphs[:2] + paragraphs[-2:]:
            edges.append((p, k, _furniture_key(r.blocks[k].text)))
    drop: set[tuple[int, int]] = set()
    for p, k, key in edges:
        text = results[p].blocks[k].text.strip()
        if len(text) <= 4:  # a page number, or specks read as a letter or two at the page's edge
            drop.add((p, k))
            continue
        if len(key) < 6:
            continue
        pages = {q for q, _, other in edges if q != p and SequenceMatcher(None, key, other).ratio() >= 0.8}
        if len(pages) >= 2:
            drop.add((p, k))
    for p, r in enumerate(results):
        r.blocks = [b for k, b in enumerate(r.blocks) if (p, k) not in drop]


def add_pages(src: Source, results: list, all_scanned: bool) -> None:
    """Append the pages' blocks (scanned pages only; ``src`` keeps its text pages) and their scan data."""
    src.warnings.extend(check_pages(results, all_scanned))
    drop_furniture(results)
    for r in results:
        if r.problem in ("blank", "unreadable"):
            continue
        src.blocks.extend(r.blocks)
    src.scan_pages.extend(results)


def merge_pages(src: Source, results: list) -> None:
    """A mixed PDF: put each scanned page's blocks where the page is among the text pages."""
    src.warnings.extend(check_pages(results, all_scanned=False))
    by_page = {r.number: r for r in results if r.problem not in ("blank", "unreadable")}
    blocks = []
    done: set[int] = set()
    for block in src.blocks:
        page = getattr(block, "page", None) or 0
        for n in sorted(k for k in by_page if k < page and k not in done):
            blocks.extend(by_page[n].blocks)
            done.add(n)
        blocks.append(block)
    for n in sorted(k for k in by_page if k not in done):
        blocks.extend(by_page[n].blocks)
    src.blocks = blocks
    src.scan_pages.extend(results)


__all__ += ["Paragraph", "Table", "add_pages", "check_pages", "merge_pages"]
