"""Timeframe cells ("Quý III/2022", "Thường xuyên", "2025-2030") -> kind, start, end.

A plans-domain concept (a task's timeframe) read by the importer, plans and amendments alike; pure Python
(no Django) so the parser can use it and stay a standalone engine.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from functools import lru_cache

from kehoach.core.text import fold

_WS = re.compile(r"[\s\u00a0\u2000-\u200b\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u200c-\u200f\u2028-\u202e]")

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d{2})"
_DASH = r"\s*[-–—]\s*"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("continuous", re.compile(r"^(thuong xuyen|lien tuc)$")),
    ("annual", re.compile(r"^hang nam$")),
    ("quarterly", re.compile(r"^(hang|dinh ky hang) quy$")),
    ("monthly", re.compile(r"^(hang|dinh ky hang) thang$")),
    ("as_planned", re.compile(r"^theo (ke hoach|lo trinh|tien do)( de ra| duoc duyet| duoc phe duyet)?$")),
]


def _clean(text: str) -> str:
    # As the parser's textutil.clean: NFC and spacing only (core.text.clean also moves tone marks).
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    return _WS.sub(" ", text).strip()


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_end(y: int, m: int) -> str | None:
    if not 1 <= m <= 12:
        return None
    return _iso(y, m, calendar.monthrange(y, m)[1])


def parse_timeframe(raw: str | None) -> dict:
    """Classify a timeframe cell; unknown wording keeps its text with kind ``other``."""
    return dict(_parse_timeframe(raw or ""))


@lru_cache(maxsize=16384)
def _parse_timeframe(raw: str) -> dict:
    text = _clean(raw)
    result = {"raw": text or None, "kind": "other", "start": None, "end": None}
    if not text:
        result["kind"] = None
        return result
    key = fold(text)
    # fold() drops punctuation, so keep a lightly normalised copy for the dated forms.
    low = re.sub(r"\s+", " ", text.lower()).strip(" .;")
    for kind, pat in _PATTERNS:
        if pat.match(key):
            result["kind"] = kind
            return result
    low = re.sub(r"^(giai đoạn|giai doan|năm|nam|trong năm|trong nam)\s+", "", low)
    m = re.fullmatch(_YEAR, low)
    if m:
        y = int(m[1])
        return {**result, "kind": "year", "start": f"{y}-01-01", "end": f"{y}-12-31"}
    m = re.fullmatch(_YEAR + _DASH + _YEAR, low)
    if m and int(m[1]) <= int(m[2]):
        return {**result, "kind": "range", "start": f"{m[1]}-01-01", "end": f"{m[2]}-12-31"}
    m = re.fullmatch(r"(?:tháng\s*)?(\d{1,2})\s*[/.-]\s*" + _YEAR, low)
    if m and 1 <= int(m[1]) <= 12:
        y, mo = int(m[2]), int(m[1])
        return {**result, "kind": "month", "start": _iso(y, mo, 1), "end": _month_end(y, mo)}
    m = re.fullmatch(r"tháng\s+(\d{1,2})\s+năm\s+" + _YEAR, low)
    if m and 1 <= int(m[1]) <= 12:
        y, mo = int(m[2]), int(m[1])
        return {**result, "kind": "month", "start": _iso(y, mo, 1), "end": _month_end(y, mo)}
    m = re.fullmatch(r"quý\s+([ivx]+|[1-4])\s*(?:/|năm|-)\s*" + _YEAR, low)
    if m:
        q = ROMAN.get(m[1]) or (int(m[1]) if m[1].isdigit() else 0)
        if 1 <= q <= 4:
            y = int(m[2])
            return {**result, "kind": "quarter", "start": _iso(y, 3 * q - 2, 1), "end": _month_end(y, 3 * q)}
    m = re.fullmatch(r"(6|sáu) tháng (đầu|cuối) năm\s+" + _YEAR, low)
    if m:
        y = int(m[3])
        if m[2] == "đầu":
            return {**result, "kind": "half", "start": f"{y}-01-01", "end": f"{y}-06-30"}
        return {**result, "kind": "half", "start": f"{y}-07-01", "end": f"{y}-12-31"}
    m = re.fullmatch(
        r"(?:(?:trước|chậm nhất|hạn chót|hoàn thành trước)\s+)?(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*"
        + _YEAR,
        low,
    )
    if not m:
        m = re.fullmatch(r"(?:trước|chậm nhất)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+" + _YEAR, low)
    if m:
        end = _iso(int(m[3]), int(m[2]), int(m[1]))
        if end:
            return {**result, "kind": "deadline", "end": end}
    return result


def is_dated_or_known(raw: str) -> bool:
    """True when a cell reads as a timeframe we understand (used to find the time column)."""
    return parse_timeframe(raw)["kind"] not in (None, "other")
