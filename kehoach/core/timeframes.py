"""Timeframe text ("Quý III/2022", "Thường xuyên", "Trước ngày 30/9/2025") -> kind, start, end.

A plans-domain concept (a task's timeframe) read by the importer, plans and amendments alike; pure Python
(no Django) so the parser can use it and stay a standalone engine.

Kinds (shape version 2): ``continuous``, ``annual``, ``year``, ``range``, ``month``, ``quarter``,
``deadline``, ``as_planned``, ``other``. Only a bare expression gets a dated kind: a sentence with a
date inside (``Ban hành kế hoạch chậm nhất là ngày 15/01/2026 và tổ chức thực hiện``), an open start
(``Từ quý II/2027``) or a month without a year is ``other`` with no dates. Text that starts with
``Thường xuyên`` / ``Thực hiện thường xuyên`` is ``continuous`` whatever follows.
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
_Y = r"((?:19|20)\d{2})"
_Q = r"(iv|iii|ii|i|[1-4])"
_M = r"(\d{1,2})"
_D = r"(\d{1,2})"
_SEP = r"\s*[/.\-]\s*"
_TO = r"\s*(?:-|đến|tới)\s*"

_CONTINUOUS = re.compile(r"^(thuc hien )?(thuong xuyen|lien tuc)\b")
_ANNUAL = re.compile(r"^(hang|hang) nam$")
_AS_PLANNED = re.compile(
    r"^(thuc hien )?theo (ke hoach|lo trinh|tien do)( de ra| duoc duyet| duoc phe duyet| duoc giao)?$"
)


def clean(text: str) -> str:
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


def _quarter(q: str) -> int:
    return ROMAN.get(q) or (int(q) if q.isdigit() else 0)


def parse_timeframe(raw: str | None) -> dict:
    """Classify a timeframe; unknown wording keeps its text with kind ``other``."""
    return dict(_parse_timeframe(raw or ""))


def _span(kind: str, start: str | None, end: str | None) -> dict | None:
    if start and end and start <= end:
        return {"kind": kind, "start": start, "end": end}
    return None


def _dated(low: str) -> dict | None:
    """The dated kinds, for text already lower-cased and stripped of trailing punctuation."""
    low = re.sub(r"^(cả năm|trong năm|trong cả năm)\s+", "năm ", low)
    # year: "2025", "năm 2025"
    m = re.fullmatch(r"(?:năm\s+)?" + _Y, low)
    if m:
        y = int(m[1])
        return {"kind": "year", "start": f"{y}-01-01", "end": f"{y}-12-31"}
    # range of years: "2021-2025", "giai đoạn 2021 - 2025", "từ năm 2026 đến năm 2028"
    m = re.fullmatch(r"(?:giai đoạn\s+|từ\s+)?(?:năm\s+)?" + _Y + _TO + r"(?:năm\s+)?" + _Y, low)
    if m:
        return _span("range", f"{m[1]}-01-01", f"{m[2]}-12-31")
    # half year: "6 tháng đầu năm 2026"
    m = re.fullmatch(r"(?:6|sáu) tháng (đầu|cuối) năm\s+" + _Y, low)
    if m:
        y = int(m[2])
        return {
            "kind": "range",
            "start": f"{y}-01-01" if m[1] == "đầu" else f"{y}-07-01",
            "end": f"{y}-06-30" if m[1] == "đầu" else f"{y}-12-31",
        }
    # quarter: "quý iii/2022", "hoàn thành trong quý ii/2026", "quý 2 năm 2026"
    m = re.fullmatch(r"(?:(?:hoàn thành\s+)?trong\s+)?quý\s+" + _Q + r"\s*(?:/|năm|-)\s*" + _Y, low)
    if m and _quarter(m[1]):
        q, y = _quarter(m[1]), int(m[2])
        return {"kind": "quarter", "start": _iso(y, 3 * q - 2, 1), "end": _month_end(y, 3 * q)}
    # quarter span: "quý ii, iii/2015", "quý ii và iii/2015", "từ quý iii/2026 đến quý iii/2030"
    m = re.fullmatch(r"quý\s+" + _Q + r"\s*(?:,|và|-|đến)\s*(?:quý\s+)?" + _Q + r"\s*(?:/|năm)\s*" + _Y, low)
    if m and _quarter(m[1]) and _quarter(m[2]):
        y = int(m[3])
        return _span("range", _iso(y, 3 * _quarter(m[1]) - 2, 1), _month_end(y, 3 * _quarter(m[2])))
    m = re.fullmatch(
        r"(?:từ\s+)?quý\s+" + _Q + r"\s*(?:/|năm)\s*" + _Y + _TO + r"quý\s+" + _Q + r"\s*(?:/|năm)\s*" + _Y,
        low,
    )
    if m and _quarter(m[1]) and _quarter(m[3]):
        return _span(
            "range", _iso(int(m[2]), 3 * _quarter(m[1]) - 2, 1), _month_end(int(m[4]), 3 * _quarter(m[3]))
        )
    # month: "tháng 5/2021", "5/2021", "tháng 5 năm 2021"
    m = re.fullmatch(r"(?:(?:trong\s+)?tháng\s*)?" + _M + r"\s*(?:/|-|\.|năm)\s*" + _Y, low)
    if m and 1 <= int(m[1]) <= 12:
        y, mo = int(m[2]), int(m[1])
        return {"kind": "month", "start": _iso(y, mo, 1), "end": _month_end(y, mo)}
    # month span: "từ tháng 3 đến tháng 9/2026", "tháng 11, 12/2013", "tháng 3/2026 - tháng 9/2026"
    m = re.fullmatch(
        r"(?:từ\s+)?tháng\s+" + _M + r"\s*(?:,|và|-|đến|tới)\s*(?:tháng\s+)?" + _M + _SEP + _Y, low
    )
    if m and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 12:
        y = int(m[3])
        return _span("range", _iso(y, int(m[1]), 1), _month_end(y, int(m[2])))
    m = re.fullmatch(r"(?:từ\s+)?tháng\s+" + _M + _SEP + _Y + _TO + r"tháng\s+" + _M + _SEP + _Y, low)
    if m and 1 <= int(m[1]) <= 12 and 1 <= int(m[3]) <= 12:
        return _span("range", _iso(int(m[2]), int(m[1]), 1), _month_end(int(m[4]), int(m[3])))
    # deadline: "trước ngày 30/9/2025", "hoàn thành trước 30/11/2025", "chậm nhất ngày 30 tháng 9 năm 2025"
    lead = r"(?:hoàn thành\s+)?(?:trước|chậm nhất(?: là)?|hạn chót|không muộn hơn)\s+"
    m = re.fullmatch(lead + r"(?:ngày\s+)?" + _D + _SEP + _M + _SEP + _Y, low) or re.fullmatch(
        lead + r"ngày\s+" + _D + r"\s+tháng\s+" + _M + r"\s+năm\s+" + _Y, low
    )
    if m:
        end = _iso(int(m[3]), int(m[2]), int(m[1]))
        return {"kind": "deadline", "start": None, "end": end} if end else None
    m = re.fullmatch(lead + r"tháng\s+" + _M + r"\s*(?:/|năm)\s*" + _Y, low)
    if m and 1 <= int(m[1]) <= 12:
        return {"kind": "deadline", "start": None, "end": _month_end(int(m[2]), int(m[1]))}
    m = re.fullmatch(lead + r"quý\s+" + _Q + r"\s*(?:/|năm)\s*" + _Y, low)
    if m and _quarter(m[1]):
        return {"kind": "deadline", "start": None, "end": _month_end(int(m[2]), 3 * _quarter(m[1]))}
    m = re.fullmatch(lead + r"(?:năm\s+)?" + _Y, low)
    if m:
        return {"kind": "deadline", "start": None, "end": f"{m[1]}-12-31"}
    # one day: "ngày 09/11/2015", "09/11/2015"
    m = re.fullmatch(r"(?:vào\s+)?(?:ngày\s+)?" + _D + _SEP + _M + _SEP + _Y, low) or re.fullmatch(
        r"ngày\s+" + _D + r"\s+tháng\s+" + _M + r"\s+năm\s+" + _Y, low
    )
    if m:
        day = _iso(int(m[3]), int(m[2]), int(m[1]))
        return {"kind": "range", "start": day, "end": day} if day else None
    return None


@lru_cache(maxsize=16384)
def _parse_timeframe(raw: str) -> dict:
    text = clean(raw)
    result = {"raw": text or None, "kind": "other", "start": None, "end": None}
    if not text:
        return result
    key = fold(text)
    if _CONTINUOUS.match(key):
        return {**result, "kind": "continuous"}
    if _ANNUAL.match(key):
        return {**result, "kind": "annual"}
    if _AS_PLANNED.match(key):
        return {**result, "kind": "as_planned"}
    low = re.sub(r"\s+", " ", text.lower().replace("–", "-").replace("—", "-")).strip(" .;,:")
    low = re.sub(r"\s*-\s*", " - ", low)
    low = re.sub(r"(\d) - (\d)", r"\1-\2", low)
    dated = _dated(low)
    if dated:
        return {**result, **dated}
    return result


def is_dated_or_known(raw: str) -> bool:
    """True when a cell reads as a timeframe we understand (used to find the time column)."""
    return parse_timeframe(raw)["kind"] not in (None, "other")


# Kinds with no fixed deadline: recurring or open-ended work, judged per reporting period instead.
NO_DEADLINE_KINDS = frozenset({"continuous", "annual", "quarterly", "as_planned", "other"})


def deadline_of(raw: str | None) -> date | None:
    """The deadline a timeframe sets: the end of its span (``2025`` -> 31/12/2025, ``Quý III/2022`` ->
    30/09/2022, ``Trước ngày 30/11/2025`` -> 30/11/2025, a range -> its end); None when it sets none."""
    parsed = parse_timeframe(raw)
    if parsed["kind"] in NO_DEADLINE_KINDS or not parsed["end"]:
        return None
    return date.fromisoformat(parsed["end"])
