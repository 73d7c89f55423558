"""Text as the Decree writes it: cleaned, upper-cased, numbered, dated."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LEADING_NUMBERING = re.compile(r"^\s*(?:[IVXLCDM]+|\d+|[a-zđ])[.)]\s+")


def clean_text(value: object, *, strip: bool = True) -> str:
    """Text safe for a .docx/.xlsx: None -> "", NFC, CR/LF -> LF, XML-illegal characters removed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _ILLEGAL_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip() if strip else text


def upper_vi(text: object) -> str:
    """Vietnamese capitals (str.upper handles đ -> Đ and the tone marks)."""
    return clean_text(text).upper()


def strip_numbering(text: object) -> str:
    """Drop a leading ``I.``/``1.``/``a)`` so we can number headings ourselves."""
    return _LEADING_NUMBERING.sub("", clean_text(text), count=1)


def join_units(units: object, sep: str = "; ") -> str:
    """Join unit names with ``; ``: names themselves contain commas ("Vụ Kế hoạch, Tài chính"), so a
    comma separator could not be split back into units on re-import; a string is used as written."""
    if units is None:
        return ""
    if isinstance(units, str):
        return clean_text(units)
    return sep.join(t for t in (clean_text(u) for u in units) if t)


def format_percent(value: float | int | None) -> str:
    """``75%``, ``33,5%`` (Vietnamese decimal comma); empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return clean_text(value)
    if number.is_integer():
        return f"{int(number)}%"
    return f"{number:.1f}%".replace(".", ",")


def format_ref(ref: object) -> str:
    return clean_text(ref)


def document_number(number: str | int | None, notation: str) -> str:
    """``Số: 05/BC-HTQT``: numbers below 10 get a leading zero; no number yet leaves a blank to fill."""
    notation = clean_text(notation)
    suffix = f"/{notation}" if notation else ""
    raw = clean_text(number)
    if not raw:
        return f"Số:      {suffix}"
    if raw.isdigit():
        raw = f"{int(raw):02d}"
    return f"Số: {raw}{suffix}"


def number_and_notation(number: str | int | None, notation: str) -> str:
    """``05/BC-HTQT`` (or a blank number) for "Kèm theo Báo cáo số …" lines."""
    return document_number(number, notation)[len("Số: "):].strip() if clean_text(number) else (
        f"     /{clean_text(notation)}"
    )


def vn_date(date: dt.date | None, year: int | None = None) -> str:
    """``ngày 05 tháng 02 năm 2026``: day below 10 and months 1-2 with a leading zero (Decree 30);
    ``None`` leaves day and month blank for the clerk to fill in on signing."""
    if date is None:
        return f"ngày      tháng      năm {year or dt.date.today().year}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def date_line(place: str, date: dt.date | None) -> str:
    """Box 4: ``Hà Nội, ngày 05 tháng 02 năm 2026``."""
    place = clean_text(place)
    text = vn_date(date)
    return f"{place}, {text}" if place else text[0].upper() + text[1:]
