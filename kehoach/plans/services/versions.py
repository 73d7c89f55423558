"""A published plan's next version (re-import, approved amendment), progress carried over."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot

from ..cache import plan_data_changed
from ..choices import PlanStatus, VersionSource
from ..models import Plan, PlanVersion, Task, TaskExtension
from ..rows import TaskRow
from ..signals import plan_version_changed
from .rows import PLAN_AUDIT_FIELDS, _create_tasks, _Resolver, match_lineages, task_rows

if TYPE_CHECKING:
    from kehoach.accounts.models import User


CARRIED_TRACKING = ["is_key", "deadline_set", "deadline_extended", "extension_requests", "completed_on", "leader_in_charge_id",
                    "tracking_officer_id", "focal_point_id", "assigned_by_number", "assigned_by_date",
                    "assigned_by_issuer", "assigned_by_file"]


@transaction.atomic
def plan_new_version(*, plan: Plan, rows: list[TaskRow], lineages: list, actor: User | None, source: str,
                     decision_number: str = "", decision_date: dt.date | None = None, note: str = "") -> PlanVersion:
    """Write the next version of a published plan from rows and make it current.

    Callers that decide (re-import, amendment approval) check their own rule and lock the plan row first;
    this checks that the actor may make versions at all, and writes everything in one transaction.
    """
    require(actor, "plans.make_version", plan)
    last = plan.versions.order_by("-number").first()
    version = PlanVersion.objects.create(
        plan=plan, number=(last.number + 1) if last else 1, source=source, decision_number=decision_number,
        decision_date=decision_date, note=note, created_by=actor if getattr(actor, "pk", None) else None,
    )
    resolver = _Resolver()
    tasks = _create_tasks(plan=plan, version=version, rows=rows, resolver=resolver, actor=actor, lineages=lineages)
    # Progress belongs to the task, not to one version of its wording.
    previous = {t.lineage: t for t in Task.objects.filter(version_id=plan.current_version_id)}
    for task in tasks:
        old = previous.get(task.lineage)
        if old is not None:
            task.progress, task.progress_percent = old.progress, old.progress_percent
            task.progress_updated_at, task.seeks_sponsorship = old.progress_updated_at, old.seeks_sponsorship
            # So does its tracking: the deadline set or extended, the people, the assigning document.
            for name in CARRIED_TRACKING:
                setattr(task, name, getattr(old, name))
            task.save(update_fields=["progress", "progress_percent", "progress_updated_at", "seeks_sponsorship",
                                     *CARRIED_TRACKING])
            TaskExtension.objects.filter(task=old).update(task=task)  # the extension history follows the task
    before = snapshot(plan, PLAN_AUDIT_FIELDS)
    plan.current_version = version
    plan.save(update_fields=["current_version", "updated_at"])
    # Rows of the earlier versions stop being current (lists across plans read this flag).
    Task.objects.filter(plan=plan, is_current=True).exclude(version=version).update(is_current=False)
    audit_log(actor=actor, action="plan.new_version", obj=plan, before=before,
              after=snapshot(plan, PLAN_AUDIT_FIELDS), message=f"v{version.number} {note}".strip())
    plan_version_changed.send(sender=Plan, plan=plan, version=version, actor=actor)
    plan_data_changed(plan.pk)
    return version


def _apply_reimport(*, draft: Plan, actor) -> Plan:
    assert draft.replaces_id is not None  # only re-import drafts come here
    target = Plan.objects.select_for_update().get(pk=draft.replaces_id)
    new_tasks = list(Task.objects.filter(version_id=draft.current_version_id)
                     .prefetch_related("assignments", "partner_links", "products"))
    old_tasks = list(Task.objects.filter(version_id=target.current_version_id))
    rows = [row.changed(source_lines=task.source_lines, flags=task.import_flags)
            for row, task in zip(task_rows(new_tasks), new_tasks, strict=True)]
    plan_new_version(plan=target, rows=rows, lineages=match_lineages(old_tasks, rows), actor=actor,
                     source=VersionSource.IMPORT, note=_("Nhập lại từ %(name)s") % {"name": draft.source_name})
    before = snapshot(draft, PLAN_AUDIT_FIELDS)
    draft.status = PlanStatus.ARCHIVED
    draft.archived_at = timezone.now()
    draft.save(update_fields=["status", "archived_at", "updated_at"])
    audit_log(actor=actor, action="plan.reimport_applied", obj=draft, before=before,
              after=snapshot(draft, PLAN_AUDIT_FIELDS), message=str(target.pk))
    plan_data_changed(target.pk)
    return target
