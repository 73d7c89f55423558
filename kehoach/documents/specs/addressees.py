"""Whom the coordinating unit's consolidated report goes to, read from the plan's own text where it says so
("… gửi Cục Hợp tác quốc tế … để tổng hợp, báo cáo Lãnh đạo Bộ và gửi Bộ Ngoại giao")."""

from __future__ import annotations

import re

from kehoach.plans.models import Plan

FALLBACK = ["Lãnh đạo Bộ"]

_SENTENCE = re.compile(
    r"tổng hợp\s*,?\s*(?:và\s+)?báo cáo\s+(?P<first>[^.;:()]+?)"
    r"(?:\s*(?:,|và)\s*(?:gửi|báo cáo)\s+(?P<second>[^.;:()]+?))?\s*(?:[.;]|\(|$)", re.I)
_BAD_START = re.compile(r"(?i)^(?:kết quả|tình hình|việc|các nội dung|nội dung|theo|định kỳ|khi|về)\b")


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,-–")
    name = re.sub(r"(?i)\s*\(?để báo cáo\)?$", "", name)
    return name


def addressees_from_text(text: str) -> list[str]:
    """The bodies a plan tells the coordinator to report to, in the order written; [] when it names none."""
    flat = re.sub(r"\s+", " ", text or "")
    found: list[str] = []
    for m in _SENTENCE.finditer(flat):
        for part in (m["first"], m["second"]):
            if not part:
                continue
            for name in re.split(r"\s*,\s*", part):
                name = _clean(name)
                if 2 <= len(name) <= 80 and name[0].isupper() and not _BAD_START.match(name) \
                        and name not in found:
                    found.append(name)
        if found:
            break
    return found


def plan_text(plan: Plan) -> str:
    """The stored source text of a plan (a text import), or ""."""
    if not plan.source_file:
        return ""
    try:
        with plan.source_file.open("rb") as fh:
            data = fh.read(2_000_000)
    except OSError:
        return ""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return ""


def plan_addressees(plan: Plan) -> list[str]:
    """Kính gửi of the plan's consolidated report: as the plan text says, else the Ministry's leadership."""
    return addressees_from_text(plan_text(plan)) or list(FALLBACK)


def recipients_for(addressees: list[str]) -> list[str]:
    """Nơi nhận lines for a report sent to ``addressees`` (the archive line is added by the composer)."""
    lines = []
    for name in addressees:
        lines.append(f"{name} (để báo cáo)" if re.match(r"(?i)lãnh đạo|bộ trưởng|thứ trưởng", name) else name)
    return lines + ["Văn phòng Bộ"]
