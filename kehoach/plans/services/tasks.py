"""Corrections to one task of a draft, and archiving a task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log
from kehoach.core.text import clean
from kehoach.core.timeframes import parse_timeframe

from ..cache import plan_data_changed
from ..choices import PlanStatus
from ..models import Task
from ..rows import TaskRow
from .rows import _date, _Resolver, _write_task_links, split_names, task_snapshot

if TYPE_CHECKING:
    from kehoach.accounts.models import User


@transaction.atomic
def task_correct(*, task: Task, actor: User, data: dict) -> Task:
    """Inline correction of a draft row on the review page (title, units, products, timeframe…)."""
    require(actor, "plans.edit_draft", task.plan)
    if task.plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Chỉ sửa trực tiếp được nhiệm vụ của bản nháp; kế hoạch đã ban hành cần đề xuất điều chỉnh."))
    before = task_snapshot(task)
    for field in ("group", "ref", "title", "funding", "note"):
        if field in data:
            setattr(task, field, clean(data[field]))
    if "timeframe_raw" in data:
        tf = parse_timeframe(data["timeframe_raw"])
        task.timeframe_raw, task.timeframe_kind = clean(data["timeframe_raw"]), tf["kind"]
        task.timeframe_start, task.timeframe_end = _date(tf.get("start")), _date(tf.get("end"))
    resolver = _Resolver()
    row = TaskRow(
        title=task.title,
        lead=split_names(data["lead"]) if "lead" in data else before["lead"],
        coordinating=split_names(data["coordinating"]) if "coordinating" in data else before["coordinating"],
        monitoring=split_names(data["monitoring"]) if "monitoring" in data else before["monitoring"],
        partners=split_names(data["partners"]) if "partners" in data else before["partners"],
        products=split_names(data["products"]) if "products" in data else [p.name for p in task.products.all()])
    task.assignments.all().delete()  # link rows of a draft, rewritten whole; the task itself is kept
    task.products.clear()
    task.partner_links.all().delete()
    _write_task_links(task, row, resolver, actor)
    task.product_text = ", ".join(row.products)[:500]
    task.import_flags = [f for f in task.import_flags if f not in ("no_lead", "unparsed_timeframe", "no_title")]
    task.refresh_search_text(row.unit_names)
    task.full_clean()
    task.save()
    audit_log(actor=actor, action="task.correct", obj=task, before=before, after=task_snapshot(task))
    plan_data_changed(task.plan_id)
    return task


@transaction.atomic
def task_set_archived(*, task: Task, actor: User, archived: bool) -> Task:
    """Set a draft row aside (e.g. a row the importer split wrongly) without deleting it."""
    require(actor, "plans.edit_draft", task.plan)
    if task.plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Nhiệm vụ của kế hoạch đã ban hành chỉ thay đổi qua đề xuất điều chỉnh."))
    before = task_snapshot(task)
    task.is_archived = archived
    task.save(update_fields=["is_archived", "updated_at"])
    audit_log(actor=actor, action="task.archive" if archived else "task.restore", obj=task, before=before,
              after=task_snapshot(task))
    plan_data_changed(task.plan_id)
    return task
