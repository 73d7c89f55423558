"""Plain text and Markdown: decoding, and the pipe or tab-separated tables they carry, in place."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import ImportRejected
from ..source import Source

_SEPARATOR_CELL = re.compile(r":?-{2,}:?")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


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
                raise binary_file()
            return decode_text(codecs.BOM_UTF8 + text.encode("utf-8"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    bad = text[:20000].count("\ufffd")
    sample = max(1, min(len(text), 20000))
    if "\x00" in text or controls / sample > 0.01 or bad / sample > 0.02:
        raise binary_file()
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


def binary_file() -> ImportRejected:
    return ImportRejected(
        "binary",
        "Tệp không phải văn bản (nội dung nhị phân) — hãy chọn đúng tệp kế hoạch.",
        "The file holds binary data, not text.",
    )


def looks_textual(data: bytes) -> bool:
    try:
        decode_text(data)
        return True
    except ImportRejected:
        return False


def _markdown(text: str) -> str:
    text = _MD_HEADING.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def read_text(data: bytes, fmt: str) -> Source:
    """Lines become paragraphs; runs of ``| a | b |`` lines or of lines with two tabs or more become tables."""
    src = Source(fmt)
    rows: list[list[str]] = []
    kind = None

    def flush() -> None:
        nonlocal rows, kind
        if rows:
            src.add_table(rows)
        rows, kind = [], None

    for line in decode_text(data).splitlines():
        s = line.strip()
        if s.startswith("|") and s.count("|") >= 2:
            cells, this = s.strip("|").split("|"), "md"
            if all(_SEPARATOR_CELL.fullmatch(c.strip()) for c in cells if c.strip()):
                continue  # the |---|---| line under a Markdown header
        elif s.count(" | ") >= 2 and not s.endswith("|"):
            cells, this = s.split("|"), "md"  # ``1 | Nhiệm vụ | Đơn vị``: a table typed without outer bars
        elif line.count("\t") >= 2:
            cells, this = line.split("\t"), "tsv"  # a table copied out of Word or Excel
        else:
            flush()
            src.add_line(_markdown(line) if fmt == "md" else line)
            continue
        if kind not in (None, this):
            flush()
        kind = this
        cells = [re.sub(r"<br\s*/?>", "\n", c.strip(), flags=re.I) for c in cells]
        rows.append([_markdown(c) if this == "md" else c for c in cells])
    flush()
    return src
