"""Which units owe which tasks in a period, kept in line with the plan's current version."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kehoach.organizations.choices import OrgKind
from kehoach.organizations.selectors import current_holder, expand_to_units
from kehoach.plans.choices import AssignmentRole
from kehoach.plans.models import Task

from ..choices import EDITABLE_STATES, ObligationRole, PeriodKind
from ..models import Obligation, ReportingPeriod, TaskReportEntry, UnitReport
from .progress import progress_recompute


def _period_window(period: ReportingPeriod) -> tuple[dt.date, dt.date]:
    if period.kind == PeriodKind.YEARLY:
        return dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
    return dt.date(period.year, 1, 1), max(period.deadline, dt.date(period.year, 12, 31))


def _tasks_with_assignments(version_id, chunk: int = 2000):
    """A version's tasks with their assignments, 2,000 at a time: one prefetch for 60,000 tasks makes an
    IN list SQLite refuses ("Expression tree is too large") and holds every row at once."""
    last_id = 0
    while True:
        batch = list(Task.objects.filter(version_id=version_id, is_archived=False, id__gt=last_id)
                     .order_by("id").prefetch_related("assignments__organization")[:chunk])
        yield from batch
        if len(batch) < chunk:
            return
        last_id = batch[-1].id


def _reason(task: Task, org, role: str, period: ReportingPeriod) -> str:
    """Why a unit owes a task, in the words a focal point understands."""
    verb = "chủ trì" if role == ObligationRole.LEAD else "phối hợp"
    how = f"{verb} qua nhóm {org.name}" if org.kind == OrgKind.GROUP else f"{verb} (được giao trực tiếp)"
    when = (task.timeframe_raw or "").strip() or "không ghi"
    if task.is_undated or (task.timeframe_start is None and task.timeframe_end is None):
        return f"{how}; thời gian {when}: báo cáo mọi kỳ"[:400]
    return f"{how}; thời gian {when} trùng kỳ báo cáo {period.year}"[:400]


def _desired_with_reasons(period: ReportingPeriod) -> dict[tuple[int, int, str], str]:
    """(unit, task, role) -> why, for what the plan's current version asks of units in this period."""
    start, end = _period_window(period)
    tasks = _tasks_with_assignments(period.plan.current_version_id)
    scope_units = set(period.scope_units.values_list("id", flat=True))
    lineages = {str(x) for x in period.scope_lineages or []}
    expanded: dict[int, list[int]] = {}
    result: dict[tuple[int, int, str], str] = {}
    for task in tasks:
        if not task.overlaps(start, end):
            continue
        if lineages and str(task.lineage) not in lineages:
            continue
        for assignment in task.assignments.all():
            org = assignment.organization
            if org is None or assignment.role == AssignmentRole.MONITORING:
                continue  # a unit named to follow up and urge owes no report on the task
            if org.id not in expanded:
                # A closed unit's tasks go to the unit that carries on its work (merger, renaming).
                expanded[org.id] = [current_holder(u).id for u in expand_to_units(org)]
            role = ObligationRole.LEAD if assignment.role == AssignmentRole.LEAD else ObligationRole.COORDINATING
            for unit_id in expanded[org.id]:
                if scope_units and unit_id not in scope_units:
                    continue
                key = (unit_id, task.id, role)
                # Named directly wins over "through a group" as the explanation.
                if key not in result or org.kind != OrgKind.GROUP:
                    why = _reason(task, org, role, period)
                    if org.kind == OrgKind.UNIT and unit_id != org.id:
                        why = f"{why}; kế thừa {org.name}"[:400]
                    result[key] = why
    # A unit that leads a task does not also coordinate it.
    leads = {(u, t) for u, t, r in result if r == ObligationRole.LEAD}
    return {(u, t, r): why for (u, t, r), why in result.items() if r == ObligationRole.LEAD or (u, t) not in leads}


def _desired_obligations(period: ReportingPeriod) -> set[tuple[int, int, str]]:
    """(unit, task, role) triples the plan's current version asks of units in this period."""
    return set(_desired_with_reasons(period))


def _sync_obligations(period: ReportingPeriod, *, actor) -> dict:
    """Bring obligations, reports and draft entries in line with the plan's current version."""
    if not period.is_open:
        # A closed period's obligations are frozen: amendments and new versions change open periods only.
        return {}
    reasons = _desired_with_reasons(period)
    desired = set(reasons)
    existing = {(o.unit_id, o.task_id, o.role): o for o in period.obligations.filter(named_by_lead=False)}
    new = [Obligation(period=period, unit_id=u, task_id=t, role=r, reason=reasons[(u, t, r)])
           for (u, t, r) in sorted(desired - existing.keys())]
    Obligation.objects.bulk_create(new)
    moved = [o for k, o in existing.items() if k in desired and o.reason != reasons[k]]
    for o in moved:
        o.reason = reasons[(o.unit_id, o.task_id, o.role)]
    Obligation.objects.bulk_update(moved, ["reason"])
    dropped = [o.id for k, o in existing.items() if k not in desired]
    Obligation.objects.filter(id__in=dropped).delete()  # derived rows, recomputed from the plan
    lead_tasks: dict[int, set[int]] = defaultdict(set)
    for u, t, r in desired:
        if r == ObligationRole.LEAD:
            lead_tasks[u].add(t)
    reports = {r.unit_id: r for r in period.reports.all()}
    created_reports = []
    for unit_id in sorted(lead_tasks):  # sorted: rows made in the same order on every run
        if unit_id not in reports:
            created_reports.append(UnitReport(period=period, unit_id=unit_id))
    UnitReport.objects.bulk_create(created_reports)
    if created_reports:
        reports = {r.unit_id: r for r in period.reports.all()}
    have = defaultdict(set)
    for unit_id, task_id in TaskReportEntry.objects.filter(report__period=period) \
            .values_list("report__unit_id", "task_id"):
        have[unit_id].add(task_id)
    entries = [TaskReportEntry(report=reports[u], task_id=t)
               for u, tasks in sorted(lead_tasks.items()) if reports[u].state in EDITABLE_STATES
               for t in sorted(tasks - have[u])]
    TaskReportEntry.objects.bulk_create(entries)
    # Draft entries on tasks no longer owed (and never written) go; written ones stay for the unit to see.
    removed = 0
    for report in reports.values():
        if report.state not in EDITABLE_STATES:
            continue
        stale = TaskReportEntry.objects.filter(report=report).exclude(task_id__in=lead_tasks.get(report.unit_id, ()))
        removed += stale.filter(status="", results="", evidence_number="", evidence_link="",
                                evidence__isnull=True).delete()[0]
    progress_recompute(period, actor=actor)
    return {"obligations_added": len(new), "obligations_dropped": len(dropped), "entries_added": len(entries),
            "entries_removed": removed, "reports_added": len(created_reports)}
