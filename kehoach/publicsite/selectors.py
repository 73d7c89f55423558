"""What the public progress pages may show: opted-in published plans, their current tasks, and only the
public part of accepted reports. Every read the public pages make is here, so the privacy test has one
place to check; the data is plain dicts cached per plan (kehoach.plans.cache)."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from kehoach.core.selectors import get_object_or_404
from kehoach.plans.cache import kept_for_plan
from kehoach.plans.choices import AssignmentRole, PlanStatus, TaskProgress
from kehoach.plans.models import Plan, Task
from kehoach.plans.selectors import current_tasks
from kehoach.reporting.choices import ReportState
from kehoach.reporting.models import TaskReportEntry

CACHE_SECONDS = 15 * 60
FEED_LIMIT = 50


def public_plans() -> QuerySet[Plan]:
    """Published plans leadership opted in; drafts and archived plans never."""
    return (Plan.objects.filter(public_at__isnull=False, status=PlanStatus.PUBLISHED)
            .select_related("issuer", "coordinator").order_by("-public_at", "-id"))


def public_plan_get(pk) -> Plan:
    return get_object_or_404(public_plans(), pk=pk)


def task_progress(task: Task) -> tuple[str, int]:
    """A task's status and percent as the public page shows them: the one place progress is read, so a
    different roll-up (per unit, weighted) changes here only."""
    return task.progress, int(task.progress_percent or 0)


@dataclass(frozen=True)
class PublicUpdate:
    lineage: str
    ref: str
    title: str
    unit: str
    text: str
    accepted_at: dt.datetime


def _accepted_public_entries(plan: Plan):
    """Approved public summaries of accepted reports on this plan's tasks, newest first (one query)."""
    return (TaskReportEntry.objects
            .filter(report__period__plan_id=plan.pk, report__state=ReportState.ACCEPTED, public_approved=True)
            .exclude(public_summary="")
            .order_by("-report__accepted_at", "-id")
            .values_list("task__lineage", "task__ref", "task__title", "report__unit__name", "public_summary",
                         "report__accepted_at"))


def public_updates(plan: Plan, *, limit: int | None = FEED_LIMIT) -> list[PublicUpdate]:
    rows = _accepted_public_entries(plan)
    if limit:
        rows = rows[:limit]
    return [PublicUpdate(str(lineage), ref, title, unit, text, at) for lineage, ref, title, unit, text, at in rows]


def _latest_by_lineage(plan: Plan) -> dict[str, PublicUpdate]:
    latest: dict[str, PublicUpdate] = {}
    for update in public_updates(plan, limit=None):
        latest.setdefault(update.lineage, update)
    return latest


def _share(rows: list[dict]) -> dict:
    count = len(rows)
    done = sum(1 for r in rows if r["progress"] == TaskProgress.COMPLETED)
    return {"count": count, "completed": done,
            "percent": round(sum(r["percent"] for r in rows) / count) if count else 0}


def _build(plan: Plan) -> dict:
    latest = _latest_by_lineage(plan)
    tasks: list[dict[str, Any]] = []
    groups: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
    units: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
    for task in current_tasks(plan):
        progress, percent = task_progress(task)
        leads = [a.organization.name if a.organization else a.raw_name
                 for a in task.assignments.all() if a.role == AssignmentRole.LEAD]
        update = latest.get(str(task.lineage))
        row: dict[str, Any] = {
            "ref": task.ref, "title": task.title, "group": task.group, "progress": progress, "percent": percent,
            "timeframe": task.timeframe_raw, "start": task.timeframe_start, "end": task.timeframe_end,
            "leads": leads, "summary": update.text if update else "",
            "summary_at": update.accepted_at if update else None,
        }
        tasks.append(row)
        groups.setdefault(task.group, []).append(row)
        for name in leads:
            units.setdefault(name, []).append(row)
    by_status = {value: 0 for value in TaskProgress.values}
    for row in tasks:
        by_status[row["progress"]] = by_status.get(row["progress"], 0) + 1
    return {
        "tasks": tasks,
        "groups": [{"name": name, "tasks": rows, **_share(rows)} for name, rows in groups.items()],
        "units": sorted(({"name": name, **_share(rows)} for name, rows in units.items()),
                        key=lambda u: (-u["count"], u["name"])),
        "by_status": by_status, "total": _share(tasks),
        "updated_at": max((r["summary_at"] for r in tasks if r["summary_at"]), default=None),
    }


def public_plan_data(plan: Plan) -> dict:
    """The plan's public rows, groups, units and totals; cached until a service bumps the plan's key."""
    return kept_for_plan(plan, "public-data", (), lambda: _build(plan), seconds=CACHE_SECONDS)


def progress_totals(plan_ids: list[int]) -> dict[int, dict]:
    """Tasks, completed tasks and mean percent per plan in one query (the list page's roll-up; kept next to
    task_progress so both change together)."""
    rows = (Task.objects.filter(plan_id__in=plan_ids, is_current=True, is_archived=False).order_by()
            .values("plan_id").annotate(count=Count("id"), completed=Count("id", filter=Q(progress=TaskProgress.COMPLETED)),
                                        mean=Avg("progress_percent")))
    return {r["plan_id"]: {"count": r["count"], "completed": r["completed"], "percent": round(r["mean"] or 0)}
            for r in rows}


def public_plan_list() -> list[dict]:
    """The opted-in plans with their overall progress: two queries however many plans."""
    plans = list(public_plans())
    totals = progress_totals([p.pk for p in plans])
    empty = {"count": 0, "completed": 0, "percent": 0}
    return [{"plan": plan, "total": totals.get(plan.pk, empty)} for plan in plans]
