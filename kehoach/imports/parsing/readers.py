"""Turning bytes into lines of prose and grids of table cells, refusing what cannot be read."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from .columns import cell_role, is_task_header
from .errors import ImportRejected
from .pdfcolumns import grid_from_words
from .textutil import clean

MAX_UNZIPPED = 100 * 1024 * 1024
MAX_RATIO = 200
FORMATS = {
    "txt": "txt",
    "text": "txt",
    "md": "md",
    "markdown": "md",
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
}
_NAMES = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "txt": "văn bản",
    "md": "văn bản",
    "ole": "Word/Excel đời cũ (.doc/.xls)",
}


@dataclass
class Source:
    format: str
    lines: list[str] = field(default_factory=list)
    grids: list[list[list[str]]] = field(default_factory=list)


def sniff(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "text"


def read_source(data: bytes, filename: str, progress=None) -> Source:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    fmt = FORMATS.get(ext)
    if fmt is None:
        what = f"định dạng tệp “.{ext}”" if ext else "tệp không có phần mở rộng"
        raise ImportRejected(
            "unsupported_format",
            f"Không hỗ trợ {what} — hãy dùng PDF, DOCX, XLSX, TXT hoặc MD.",
            f"Unsupported file type '.{ext}': use PDF, DOCX, XLSX, TXT or MD.",
        )
    kind = sniff(data)
    if kind == "zip":
        kind = _zip_kind(data, fmt)
    actual = {"text": fmt if fmt in ("txt", "md") else "txt"}.get(kind, kind)
    if actual != fmt and not (fmt in ("txt", "md") and actual in ("txt", "md")):
        if kind == "text" and fmt in ("pdf", "docx", "xlsx"):
            code = {"pdf": "corrupt_pdf", "docx": "corrupt_docx", "xlsx": "corrupt_xlsx"}[fmt]
            if _looks_textual(data):
                raise ImportRejected(
                    "wrong_extension",
                    f"Tệp có đuôi .{ext} nhưng thực chất là tệp văn bản thuần — hãy đổi đuôi thành .txt.",
                    f"The file is named .{ext} but is plain text; rename it to .txt.",
                )
            raise ImportRejected(
                code,
                f"Tệp .{ext} bị hỏng hoặc không đúng định dạng {_NAMES[fmt]}.",
                f"The .{ext} file is damaged or not a real {fmt.upper()} file.",
            )
        raise ImportRejected(
            "wrong_extension",
            f"Tệp có đuôi .{ext} nhưng nội dung là tệp {_NAMES.get(actual, actual)} — hãy đổi đúng đuôi tệp rồi nhập lại.",
            f"The file is named .{ext} but its content is {actual.upper()}; rename it and try again.",
        )
    if fmt in ("txt", "md"):
        return Source(fmt, lines=decode_text(data).splitlines())
    if fmt == "pdf":
        return _read_pdf(data, progress)
    if fmt == "docx":
        return _read_docx(data)
    return _read_xlsx(data)


def _zip_kind(data: bytes, fmt: str) -> str:
    code = {"docx": "corrupt_docx", "xlsx": "corrupt_xlsx"}.get(fmt, "unsupported_format")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRejected(
            code, "Tệp nén Office bị hỏng, không mở được.", f"Damaged Office (zip) file: {exc}"
        ) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNZIPPED or total / packed > MAX_RATIO:
        raise ImportRejected(
            "zip_bomb",
            "Tệp nén có kích thước giải nén bất thường (nghi “bom nén”) — từ chối nhập.",
            "The archive expands to an abnormal size (zip bomb); refused.",
        )
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ImportRejected(
        code if fmt in ("docx", "xlsx") else "unsupported_format",
        "Tệp nén không phải tài liệu Word (.docx) hay Excel (.xlsx).",
        "The zip archive is neither a Word nor an Excel document.",
    )


def _looks_textual(data: bytes) -> bool:
    try:
        decode_text(data)
        return True
    except ImportRejected:
        return False


def decode_text(data: bytes) -> str:
    """Decode a text file: BOMs, UTF-8, else Windows-1258; refuse binary content."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRejected(
                "bad_encoding", "Tệp UTF-16 bị lỗi mã hóa, không đọc được.", "Broken UTF-16 text."
            ) from None
    else:
        if b"\x00" in data[:4096]:
            text = _utf16_without_bom(data)
            if text is None:
                raise _binary()
            return decode_text(codecs.BOM_UTF8 + text.encode("utf-8"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    bad = text[:20000].count("\ufffd")
    sample = max(1, min(len(text), 20000))
    if "\x00" in text or controls / sample > 0.01 or bad / sample > 0.02:
        raise _binary()
    return unicodedata.normalize("NFC", text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: Vietnamese text has a zero byte in most ASCII code units."""
    sample = data[:4096]
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if len(data) % 2 == 0 and zeros.count(0) > 0.3 * len(zeros):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _binary() -> ImportRejected:
    return ImportRejected(
        "binary",
        "Tệp không phải văn bản (nội dung nhị phân) — hãy chọn đúng tệp kế hoạch.",
        "The file holds binary data, not text.",
    )


def _read_pdf(data: bytes, progress=None) -> Source:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    src = Source("pdf")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            chars = 0
            pages_words: list[list[dict]] = []
            for n, page in enumerate(pages):
                text = page.extract_text() or ""
                chars += len(text.strip())
                src.lines.extend(text.splitlines())
                for table in page.extract_tables({"text_x_tolerance": 5}):
                    src.grids.append([[clean(c) if c else "" for c in row] for row in table])
                pages_words.append(page.extract_words(x_tolerance=1.5))
                if progress:
                    progress(n + 1, len(pages))
    except ImportRejected:
        raise
    except PDFPasswordIncorrect:
        raise _encrypted() from None
    except Exception as exc:  # pdfminer raises many types on broken files
        if b"/Encrypt" in data:
            raise _encrypted() from None
        raise ImportRejected(
            "corrupt_pdf", "Tệp PDF bị hỏng, không đọc được.", f"Damaged PDF: {exc}"
        ) from None
    if not any(is_task_header([r for r in (cell_role(c) for c in g[0]) if r]) for g in src.grids if g):
        # No ruled table: rebuild one from where the words sit under the header.
        grid = grid_from_words(pages_words)
        if grid:
            src.grids.append(grid)
    if chars == 0:
        raise ImportRejected(
            "scanned_pdf_needs_ocr",
            "Tệp PDF không có lớp chữ (bản quét) — cần nhận dạng ký tự (OCR) trước khi nhập.",
            "The PDF has no text layer (a scan); run OCR first.",
        )
    return src


def _encrypted() -> ImportRejected:
    return ImportRejected(
        "encrypted_pdf",
        "Tệp PDF được đặt mật khẩu — hãy gỡ mật khẩu rồi nhập lại.",
        "The PDF is password-protected.",
    )


def _read_docx(data: bytes) -> Source:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        src = Source("docx")
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                src.lines.append(Paragraph(block, document).text)
            elif tag == "tbl":
                grid = _docx_grid(Table(block, document))
                src.grids.append(grid)
                # Layout tables (issuer/number/date, signature) carry document facts too; the rule
                # lines keep a heading from running on into the table.
                src.lines.append("___")
                for row in grid:
                    for cell in row:
                        src.lines.extend(cell.split("\n"))
                src.lines.append("___")
        return src
    except ImportRejected:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on damaged parts
        raise ImportRejected(
            "corrupt_docx", "Tệp Word (.docx) bị hỏng, không đọc được.", f"Damaged DOCX: {exc}"
        ) from None


def _docx_grid(table) -> list[list[str]]:
    """Cell texts row by row, read from the XML (python-docx's row.cells is quadratic in table size).

    A merged cell is one <w:tc> with a gridSpan: its text comes once, the spanned columns stay empty.
    A cell merged downwards repeats the text above it, so every row it spans names its unit.
    """
    from docx.oxml.ns import qn
    from docx.table import _Cell

    grid: list[list[str]] = []
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
            cells.extend([""] * (tc.grid_span - 1))
        grid.append(cells)
    return grid


def _read_xlsx(data: bytes) -> Source:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged parts
        raise ImportRejected(
            "corrupt_xlsx", "Tệp Excel (.xlsx) bị hỏng, không đọc được.", f"Damaged XLSX: {exc}"
        ) from None
    src = Source("xlsx")
    for ws in wb.worksheets:
        rows = [[("" if v is None else str(v)) for v in row] for row in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            # A cell merged down a column belongs to every row it spans; across columns, to the first only.
            top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else ""
            if rng.max_row > rng.min_row:
                for r in range(rng.min_row, rng.max_row + 1):
                    if r - 1 < len(rows):
                        rows[r - 1][rng.min_col - 1] = top
        src.grids.append(rows)
        for row in rows:
            src.lines.append(" ".join(c for c in row if c))
    return src


def text_grids(lines: list[str]) -> tuple[list[str], list[list[list[str]]]]:
    """Pull Markdown pipe tables and tab-separated tables out of text lines; the rest stays prose."""
    rest: list[str] = []
    grids: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    kind = None
    for line in lines:
        s = line.strip()
        if s.startswith("|") and s.count("|") >= 2:
            cells, this = [c.strip() for c in s.strip("|").split("|")], "md"
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
        elif line.count("\t") >= 2:
            cells, this = [c.strip() for c in line.split("\t")], "tsv"  # a table copied out of Word or Excel
        else:
            current = None
            rest.append(line)
            continue
        if current is None or kind != this:
            current, kind = [], this
            grids.append(current)
        current.append([c.replace("<br>", "\n") for c in cells])
    return rest, grids
