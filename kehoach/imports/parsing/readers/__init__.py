"""Turning bytes into a ``Source`` (paragraphs and tables in order), refusing what cannot be read.

The format comes from the file name and must agree with the content (a PDF named .docx is refused
with a message saying so); the pre-checks of ``limits`` run before any library opens the file.
"""

from __future__ import annotations

from ..errors import ImportRejected
from ..limits import DEFAULT_LIMITS, Limits, check_pdf, check_zip
from ..source import Source
from .text import decode_text, looks_textual, read_text

FORMATS = {
    "txt": "txt",
    "text": "txt",
    "md": "md",
    "markdown": "md",
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    # Scans (issue 14): read by OCR when the extra kehoach[ocr] is installed.
    "png": "image",
    "jpg": "image",
    "jpeg": "image",
    "tif": "image",
    "tiff": "image",
}
_NAMES = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "txt": "văn bản",
    "md": "văn bản",
    "ole": "Word/Excel đời cũ (.doc/.xls)",
    "image": "ảnh (PNG, JPEG, TIFF)",
}

__all__ = ["FORMATS", "decode_text", "file_format", "read_source"]


def sniff(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    return "text"


def file_format(filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    fmt = FORMATS.get(ext)
    if fmt is None:
        what = f"định dạng tệp “.{ext}”" if ext else "tệp không có phần mở rộng"
        raise ImportRejected(
            "unsupported_format",
            f"Không hỗ trợ {what} — hãy dùng PDF, DOCX, XLSX, TXT, MD hoặc ảnh quét (PNG, JPEG, TIFF).",
            f"Unsupported file type '.{ext}': use PDF, DOCX, XLSX, TXT, MD or a scan (PNG, JPEG, TIFF).",
        )
    return fmt


def precheck(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The format, after the checks that need no parsing library: extension, content, bombs, pages."""
    fmt = file_format(filename)
    ext = filename.rsplit(".", 1)[-1].lower()
    kind = sniff(data)
    if kind == "zip":
        names = check_zip(data, fmt, limits)
        kind = _zip_kind(names, fmt)
    actual = {"text": fmt if fmt in ("txt", "md") else "txt"}.get(kind, kind)
    if actual != fmt and not (fmt in ("txt", "md") and actual in ("txt", "md")):
        if kind == "text" and fmt in ("pdf", "docx", "xlsx"):
            code = {"pdf": "corrupt_pdf", "docx": "corrupt_docx", "xlsx": "corrupt_xlsx"}[fmt]
            if looks_textual(data):
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
    if fmt == "pdf":
        check_pdf(data, limits)
    return fmt


def _zip_kind(names: set[str], fmt: str) -> str:
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    code = {"docx": "corrupt_docx", "xlsx": "corrupt_xlsx"}.get(fmt, "unsupported_format")
    raise ImportRejected(
        code,
        "Tệp nén không phải tài liệu Word (.docx) hay Excel (.xlsx).",
        "The zip archive is neither a Word nor an Excel document.",
    )


def read_source(data: bytes, filename: str, progress=None, limits: Limits = DEFAULT_LIMITS) -> Source:
    fmt = precheck(data, filename, limits)
    if fmt in ("txt", "md"):
        return read_text(data, fmt)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, limits, progress)
    if fmt == "image":
        from .. import ocr

        ocr.require()
        return ocr.read_image(data, limits, progress)
    from .office import read_docx, read_xlsx

    return read_docx(data) if fmt == "docx" else read_xlsx(data)
