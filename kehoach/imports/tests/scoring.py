"""Comparing a parsed plan with an expected structure, field by field (no tests here).

The rules are those of the import JSON shape (version 2): strings compare as sequences of words
(NFC, case-folded, punctuation ignored, old and new tone placement alike), a leading "Kế hoạch" in the
title is ignored, lists of names compare as sets, ``group_path`` as a list, dates and kinds exactly.
Tasks are matched by (group, ref); a missing task counts all its fields as misses, an extra task as
many misses. Version-2 fields count only where the expected structure has them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
_TONE = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE = re.compile(rf"(?<!q)([ou])([aey])([{_TONE}])(?=\s|$)")


def words(value) -> str | None:
    if value is None:
        return None
    text = " ".join(re.findall(r"\w+", unicodedata.normalize("NFC", str(value)).casefold()))
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(r"\1\3\2", unicodedata.normalize("NFD", text)))


def _names(values) -> list[str]:
    return sorted({w for w in (words(v) for v in values or []) if w})


def _path(values) -> list[str]:
    return [w for w in (words(v) for v in values or []) if w]


def _title(value) -> str:
    w = words(value) or ""
    return w[len("kế hoạch ") :] if w.startswith("kế hoạch ") else w


TASK_FIELDS = {
    "title": lambda t: words(t.get("title")),
    "group_path": lambda t: _path(t.get("group_path")),
    "lead": lambda t: _names(t.get("lead")),
    "coordinating": lambda t: _names(t.get("coordinating")),
    "monitoring": lambda t: _names(t.get("monitoring")),
    "products": lambda t: _names(t.get("products")),
    "partners": lambda t: _names(t.get("partners")),
    "funding": lambda t: words(t.get("funding")) or None,
    "note": lambda t: words(t.get("note")) or None,
    "timeframe.raw": lambda t: words((t.get("timeframe") or {}).get("raw")),
    "timeframe.kind": lambda t: (t.get("timeframe") or {}).get("kind"),
    "timeframe.start": lambda t: (t.get("timeframe") or {}).get("start"),
    "timeframe.end": lambda t: (t.get("timeframe") or {}).get("end"),
}
DOC_FIELDS = {
    "kind": lambda d: d.get("kind"),
    "issuer": lambda d: words(d.get("issuer")),
    "number": lambda d: words(d.get("number")) or None,
    "date": lambda d: d.get("date"),
    "title": lambda d: _title(d.get("title")),
    "period": lambda d: d.get("period"),
    "legal_bases": lambda d: sorted(
        (words(b.get("number")) or "", b.get("date") or "") for b in d.get("legal_bases") or []
    ),
    "signer": lambda d: words(d.get("signer")),
    "coordinator": lambda d: words(d.get("coordinator")),
    "report_due": lambda d: d.get("report_due"),
}
_V2 = {"number", "date", "monitoring", "group_path"}


def _key(task: dict) -> tuple[str, str]:
    return (words(task.get("group")) or "", str(task.get("ref", "")).strip().rstrip("."))


def compare(expected: dict, got: dict, tasks_only: bool = False) -> tuple[float, list[str]]:
    """(percentage matched, one line per mismatch)."""
    misses: list[str] = []
    matched = total = 0
    ed, gd = expected.get("document") or {}, got.get("document") or {}
    for name, get in [] if tasks_only else DOC_FIELDS.items():
        if name in _V2 and name not in ed:
            continue
        total += 1
        if get(ed) == get(gd):
            matched += 1
        else:
            misses.append(f"document.{name}: expected {get(ed)!r}, got {get(gd)!r}")
    found = {}
    for t in got.get("tasks") or []:
        found.setdefault(_key(t), t)
    keys = set()
    for t in expected.get("tasks") or []:
        key = _key(t)
        keys.add(key)
        other = found.get(key)
        if other is None:
            misses.append(f"task {key}: missing")
        for name, get in TASK_FIELDS.items():
            if name in _V2 and name not in t:
                continue
            total += 1
            if other is not None and get(t) == get(other):
                matched += 1
            elif other is not None:
                misses.append(f"task {key}.{name}: expected {get(t)!r}, got {get(other)!r}")
    for key in found:
        if key not in keys:
            total += len(TASK_FIELDS)
            misses.append(f"task {key}: not in the expected structure")
    return (100.0 * matched / total if total else 0.0), misses


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
