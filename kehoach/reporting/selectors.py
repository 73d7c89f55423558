"""Reads of the reporting cycle, scoped to what the user may see, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kehoach.core.selectors import get_object_or_404
from kehoach.plans.choices import AssignmentRole, TaskProgress
from kehoach.plans.models import Task, TaskAssignment
from kehoach.plans.selectors import plans_visible_to

from .choices import EntryStatus, ObligationRole, ReportState
from .models import (
    CoordinatorInput,
    Evidence,
    Obligation,
    ReportingPeriod,
    ReportTransition,
    TaskReportEntry,
    UnitReport,
)


def periods_visible_to(user) -> QuerySet[ReportingPeriod]:
    """Viewers read published plans only: no reporting. Units see periods in which they owe something."""
    if user.role == "viewer" and not user.is_superuser:
        return ReportingPeriod.objects.none()
    qs = ReportingPeriod.objects.filter(plan__in=plans_visible_to(user)).select_related("plan")
    if user.sees_all_units:
        return qs
    if user.is_unit_member:
        return qs.filter(obligations__unit_id=user.unit_id).distinct()
    return ReportingPeriod.objects.none()


def reports_visible_to(user) -> QuerySet[UnitReport]:
    """A unit sees its own reports in any state; leadership, coordinator and finance see reports once sent."""
    qs = UnitReport.objects.select_related("period__plan", "unit")
    if user.is_unit_member:
        return qs.filter(unit_id=user.unit_id)
    if user.sees_all_units:
        return qs.filter(first_submitted_at__isnull=False)
    return qs.none()


def period_get(user, pk) -> ReportingPeriod:
    return get_object_or_404(periods_visible_to(user), pk=pk)


def report_get(user, pk) -> UnitReport:
    return get_object_or_404(reports_visible_to(user), pk=pk)


def entry_get(user, pk) -> TaskReportEntry:
    return get_object_or_404(TaskReportEntry.objects.select_related("report__period", "task"), pk=pk,
                             report__in=reports_visible_to(user))


def evidence_get(user, pk) -> Evidence:
    return get_object_or_404(Evidence.objects.select_related("entry__report__period"), pk=pk,
                             entry__report__in=reports_visible_to(user))


def report_state_of(report: UnitReport, today: dt.date) -> str:
    """on_time / late / missing / pending (not yet due, not sent)."""
    if report.first_submitted_at:
        return "late" if timezone.localtime(report.first_submitted_at).date() > report.period.deadline else "on_time"
    return "missing" if today > report.period.deadline else "pending"


def home_for(user) -> dict:
    """What the user owes (unit members) or watches (coordinator, leadership), with open periods."""
    periods = list(periods_visible_to(user).order_by("-deadline")[:50])
    reports = []
    if user.is_unit_member:
        reports = list(reports_visible_to(user).order_by("-period__deadline"))
    inputs_owed = []
    if user.is_unit_member:
        inputs_owed = list(Obligation.objects.filter(unit_id=user.unit_id, role=ObligationRole.COORDINATING,
                                                     period__state="open")
                           .select_related("task", "period")[:200])
        given = {(i.period_id, i.task_id): i.text for i in CoordinatorInput.objects.filter(
            unit_id=user.unit_id, period_id__in={o.period_id for o in inputs_owed})}
        for ob in inputs_owed:
            ob.given = given.get((ob.period_id, ob.task_id), "")
    return {"periods": periods, "reports": reports, "inputs_owed": inputs_owed,
            "today": timezone.localdate()}


def report_detail(report: UnitReport) -> dict:
    """Entries with their evidence, coordinating units' inputs and names; a fixed number of queries."""
    entries = list(report.entries.select_related("task").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.filter(is_archived=False)),
        Prefetch("task__assignments", queryset=TaskAssignment.objects.select_related("organization")),
    ).order_by("task__position", "id"))
    task_ids = [e.task_id for e in entries]
    inputs = defaultdict(list)
    for item in CoordinatorInput.objects.filter(period_id=report.period_id, task_id__in=task_ids) \
            .select_related("unit"):
        inputs[item.task_id].append(item)
    for entry in entries:
        entry.inputs = inputs.get(entry.task_id, [])
        entry.coordinating = [a.display_name for a in entry.task.assignments.all()
                              if a.role == AssignmentRole.COORDINATING]
        entry.asks_related = any("liên quan" in a.raw_name.lower() for a in entry.task.assignments.all())
    transitions = list(ReportTransition.objects.filter(report=report).select_related("actor"))
    revisions = list(report.revisions.select_related("created_by"))
    return {"entries": entries, "transitions": transitions, "revisions": revisions}


def period_dashboard(period: ReportingPeriod, *, today: dt.date | None = None) -> dict:
    """The coordinator's figures for one period, in a fixed number of queries whatever the size."""
    today = today or timezone.localdate()
    reports = list(period.reports.select_related("unit").order_by("unit__position", "unit__name"))
    for report in reports:
        report.period = period
    counts = Counter()
    matrix = []
    for report in reports:
        timing = report_state_of(report, today)
        counts[timing] += 1
        counts["state_" + report.state] += 1
        report.timing = timing
        matrix.append(report)
    owed_units = len(reports)
    sent = sum(1 for r in reports if r.state in (ReportState.SUBMITTED, ReportState.ACCEPTED))
    # Tasks by status: last sent word for each task (accepted/submitted entries), else "not reported".
    by_status = Counter()
    entries = TaskReportEntry.objects.filter(report__period=period).values_list("status", "report__state")
    for status, state in entries:
        if state in (ReportState.SUBMITTED, ReportState.ACCEPTED) and status:
            by_status[status] += 1
        else:
            by_status["none"] += 1
    tasks_owed = Counter(period.obligations.filter(role=ObligationRole.LEAD).values_list("unit_id", flat=True))
    for report in matrix:
        report.tasks_owed = tasks_owed.get(report.unit_id, 0)
    overdue = [r for r in matrix if r.timing == "missing" or
               (r.state in (ReportState.RETURNED, ReportState.DRAFT, ReportState.APPROVED)
                and today > period.deadline)]
    status_rows = [(value, label, by_status.get(value, 0)) for value, label in EntryStatus.choices]
    status_rows.append(("none", "Chưa báo cáo", by_status.get("none", 0)))
    peak = max([c for _v, _l, c in status_rows] + [1])
    chart = [{"label": label, "count": c, "width": round(300 * c / peak), "y": i * 28}
             for i, (_v, label, c) in enumerate(status_rows)]
    return {
        "period": period, "reports": matrix, "units_owed": owed_units, "units_sent": sent,
        "on_time": counts["on_time"], "late": counts["late"], "missing": counts["missing"],
        "pending": counts["pending"],
        "states": [(value, label, counts["state_" + value]) for value, label in ReportState.choices],
        "status_rows": status_rows, "chart": chart, "chart_height": len(chart) * 28,
        "overdue": overdue, "days_left": (period.deadline - today).days, "today": today,
    }


def urging_letter_data(period: ReportingPeriod) -> dict:
    """The units that have not sent their report and, for each, the tasks it still owes."""
    reports = period.reports.exclude(state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED]) \
        .select_related("unit").order_by("unit__position", "unit__name")
    owed = defaultdict(list)
    for ob in period.obligations.filter(role=ObligationRole.LEAD).select_related("task") \
            .order_by("task__position"):
        owed[ob.unit_id].append({"ref": ob.task.ref, "title": ob.task.title})
    return {"period": period, "units": [{"unit": r.unit.name, "unit_id": r.unit_id, "tasks": owed[r.unit_id]}
                                        for r in reports]}


def unit_history(user, unit) -> list[UnitReport]:
    """A unit's reports across periods, as far as the user may see them."""
    return list(reports_visible_to(user).filter(unit=unit).order_by("-period__deadline"))


def task_entries(user, task: Task) -> list[TaskReportEntry]:
    """The task's entries per period (same lineage across versions) that the user may read."""
    return list(TaskReportEntry.objects.filter(task__lineage=task.lineage, report__in=reports_visible_to(user))
                .select_related("report__period", "report__unit").order_by("-report__period__deadline"))


def overview(user) -> dict:
    """Leadership's read-only view: per plan, per group of tasks and per unit progress roll-ups."""
    plans = list(plans_visible_to(user).filter(status="published").select_related("current_version"))
    version_ids = [p.current_version_id for p in plans if p.current_version_id]
    tasks = list(Task.objects.filter(version_id__in=version_ids, is_archived=False)
                 .prefetch_related(Prefetch("assignments", queryset=TaskAssignment.objects.filter(
                     role=AssignmentRole.LEAD).select_related("organization"))))
    per_plan, per_group, per_unit = defaultdict(list), defaultdict(list), defaultdict(list)
    for task in tasks:
        per_plan[task.plan_id].append(task)
        per_group[(task.plan_id, task.group or "—")].append(task)
        for a in task.assignments.all():
            per_unit[a.display_name].append(task)

    def roll(items):
        n = len(items)
        done = sum(1 for t in items if t.progress == TaskProgress.COMPLETED)
        avg = round(sum(t.progress_percent for t in items) / n) if n else 0
        return {"tasks": n, "completed": done, "percent": avg}

    periods = list(periods_visible_to(user).filter(plan__in=plans).prefetch_related("reports"))
    return {
        "plans": [{"plan": p, **roll(per_plan[p.id])} for p in plans],
        "groups": [{"plan_id": k[0], "group": k[1], **roll(v)} for k, v in per_group.items()],
        "units": sorted(({"unit": k, **roll(v)} for k, v in per_unit.items()), key=lambda r: r["unit"]),
        "periods": periods,
    }




def input_task_get(user, period: ReportingPeriod, task_pk) -> Task:
    """A task the user's unit coordinates in the period, or 404."""
    return get_object_or_404(Obligation.objects.select_related("task"), period=period, task_id=task_pk,
                             unit_id=user.unit_id, role=ObligationRole.COORDINATING).task
