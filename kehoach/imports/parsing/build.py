"""From the text of a task's parts (title, unit cells, time …) to a ParsedTask with its flags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.core.text import name_key

from .model import ParsedTask
from .textutil import clean, vre
from .timeframe import parse_timeframe
from .units import (
    UnitRegistry,
    looks_like_sentence,
    split_assignment,
    split_partners,
    split_products,
    split_units,
    starts_unit,
    unit_prefix,
)

_MONITOR_VERBS = r"theo dõi|đôn đốc|giám sát|kiểm tra, đôn đốc|kiểm tra, giám sát"


@dataclass(frozen=True)
class Context:
    """What the builder knows about the whole document: the registry and the names it uses alone."""

    registry: UnitRegistry | None = None
    lexicon: frozenset = frozenset()

    def units(self, text: str | None) -> list[str]:
        return split_units(text, self.registry, self.lexicon)


def lexicon_from(cells: list[str]) -> frozenset:
    """Name keys of short unit names that stand alone between separators somewhere in the document."""
    keys = set()
    for cell in cells:
        for piece in re.split(r"\s*[;,\n]\s*|\s+và\s+", cell or ""):
            piece = clean(piece).strip(" .-–")
            words = piece.split()
            if 2 <= len(words) <= 6 and piece[:1].isupper() and unit_prefix(piece):
                if not re.search(r"\s(cơ quan|đơn vị|các|những|địa phương)\b", piece):
                    keys.add(name_key(piece))
    return frozenset(keys)


def monitoring_sentence(text: str, ctx: Context) -> list[str] | None:
    """``Sở Y tế theo dõi, hướng dẫn, đôn đốc …`` -> the units; None when the line is not one."""
    text = re.sub(r"^(?:Giao|Đề nghị|Giao cho)\s+", "", clean(text))
    m = re.match(
        rf"^(?P<units>[^.;:]{{3,160}}?)\s+(?:có trách nhiệm\s+|chủ trì\s*,?\s*)?(?:{_MONITOR_VERBS})\b",
        text,
    )
    if not m or not starts_unit(m["units"], ctx.registry) or not m["units"][:1].isupper():
        return None
    units = ctx.units(m["units"])
    return units if units and all(starts_unit(u, ctx.registry) for u in units) else None


def _units_only(text: str, ctx: Context) -> list[str] | None:
    """The units a notes cell names, or None when it is prose."""
    if not text or re.search(r"[.:]\s|^[-–+•]", text):
        return None
    units = ctx.units(text)
    if units and all(starts_unit(u, ctx.registry) and len(u.split()) >= 2 for u in units):
        return units
    return None


def _unit_field(text: str | None, ctx: Context, task: ParsedTask) -> list[str]:
    """Units of a lead/coordinating/monitoring cell; a sentence is kept as text and flagged."""
    text = clean(text)
    if not text:
        return []
    if looks_like_sentence(text):
        task.not_unit_text.append(text)
        if "not_a_unit" not in task.flags:
            task.flags.append("not_a_unit")
        return []
    return ctx.units(text)


def _add_note(task: ParsedTask, text: str) -> None:
    text = clean(text)
    if text and text not in (task.note or ""):
        task.note = f"{task.note} {text}" if task.note else text


def build_task(
    group_path: list[str] | None,
    ref: str,
    values: dict[str, str],
    ctx: Context,
    source_lines: list[str],
) -> ParsedTask:
    group_path = [clean(g) for g in (group_path or []) if clean(g)]
    title = clean(values.get("title"))
    note = clean(values.get("note")) or None
    task = ParsedTask(
        group=group_path[-1] if group_path else None,
        group_path=group_path,
        ref=str(ref),
        title=title,
        products=split_products(values.get("products")),
        partners=split_partners(values.get("partners")),
        funding=clean(values.get("funding")) or None,
        note=note,
        timeframe=parse_timeframe(values.get("timeframe")),
        source_lines=list(source_lines),
    )
    lead_text, coord_text = clean(values.get("lead")), clean(values.get("coordinating"))
    if lead_text and re.search(r"\bchủ trì\b", lead_text) and not looks_like_sentence(lead_text):
        lead_text, extra = split_assignment(lead_text)
        if extra and name_key(extra) != name_key(coord_text):
            coord_text = f"{extra}; {coord_text}" if coord_text else extra
    task.lead = _unit_field(lead_text, ctx, task)
    if coord_text != lead_text or not task.not_unit_text:
        task.coordinating = _unit_field(coord_text, ctx, task)
    task.monitoring = _unit_field(values.get("monitoring"), ctx, task)
    for text in task.not_unit_text:
        _add_note(task, text)
    if not task.lead and "lead" not in values and task.note:
        units = _units_only(task.note, ctx)
        if units:
            task.lead, task.note = units, None
    _flag(task, ctx)
    return task


def _flag(task: ParsedTask, ctx: Context) -> None:
    if not task.lead and "not_a_unit" not in task.flags:
        task.flags.append("no_lead")
    if not task.title:
        task.flags.append("no_title")
    if task.timeframe["raw"] and task.timeframe["kind"] == "other":
        task.flags.append("unparsed_timeframe")
    title = task.title
    # A numbered sentence inside a long title, or a very long title, often hides a missed row start.
    if len(title.split()) > 300 or (len(title) > 200 and re.search(vre(r"\s\d{1,2}\.\s+[{U}]"), title)):
        task.flags.append("maybe_two_rows")
    if ctx.registry is not None:
        names = task.lead + task.coordinating + task.monitoring
        task.unknown_names = [u for u in names if not ctx.registry.is_known(u)]
        if task.unknown_names:
            task.flags.append("unknown_unit")
