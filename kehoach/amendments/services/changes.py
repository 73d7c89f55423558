"""What a proposal's items do to the plan's rows (used for the preview and the approval)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kehoach.core.timeframes import parse_timeframe
from kehoach.plans.models import Task
from kehoach.plans.rows import TaskRow, Timeframe
from kehoach.plans.services import split_names, task_rows

from ..choices import ItemKind


def apply_items(current: list[Task], items) -> tuple[list[TaskRow], list[TaskRow], list]:
    """The plan's rows before and after the items: (old rows, new rows, lineage per new row; None = new task)."""
    old_rows = task_rows(current)
    rows = list(old_rows)
    lineages: list = [t.lineage for t in current]
    index = {t.lineage: i for i, t in enumerate(current)}
    dropped = set()
    refs = [int(t.ref.rstrip(".")) for t in current if t.ref.rstrip(".").isdigit()]
    next_ref = max(refs, default=0) + 1
    added = []
    for item in items:
        if item.kind == ItemKind.ADD:
            added.append(TaskRow(
                group=current[-1].group if current else "", ref=str(next_ref), title=item.title,
                lead=split_names(item.lead), coordinating=split_names(item.coordinating),
                products=split_names(item.products),
                timeframe=Timeframe.from_mapping(parse_timeframe(item.timeframe_raw) if item.timeframe_raw else None),
            ))
            next_ref += 1
            continue
        i = index.get(item.task.lineage)
        if i is None:
            raise ValidationError(_("Nhiệm vụ “%(task)s” không còn trong phiên bản hiện hành của kế hoạch.")
                                  % {"task": str(item.task)[:80]})
        if item.kind == ItemKind.DROP:
            dropped.add(i)
            continue
        changes: dict = {}
        if item.title:
            changes["title"] = item.title
        if item.lead:
            changes["lead"] = split_names(item.lead)
        if item.coordinating:
            changes["coordinating"] = split_names(item.coordinating)
        if item.products:
            changes["products"] = split_names(item.products)
        if item.timeframe_raw:
            changes["timeframe"] = Timeframe.from_mapping(parse_timeframe(item.timeframe_raw))
        rows[i] = rows[i].changed(**changes)
    new_rows = [r for i, r in enumerate(rows) if i not in dropped] + added
    new_lineages = [lin for i, lin in enumerate(lineages) if i not in dropped] + [None] * len(added)
    return old_rows, new_rows, new_lineages
