"""Reads of the reporting cycle, scoped to what the user may see, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page
from django.db.models import CharField, Count, DateField, F, Func, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kehoach.core import visibility
from kehoach.core.selectors import get_object_or_404
from kehoach.organizations.models import Organization
from kehoach.plans.cache import kept_for_plan
from kehoach.plans.choices import AssignmentRole, TaskProgress
from kehoach.plans.models import Task, TaskAssignment
from kehoach.plans.selectors import class_counts, plan_visibility_scope, plans_visible_to
from kehoach.plans.status_classes import deadline_expression

from .choices import EntryStatus, ObligationRole, ReportState
from .models import (
    CoordinatorInput,
    Evidence,
    Obligation,
    ReportExtension,
    ReportingPeriod,
    ReportTransition,
    TaskPeriodProgress,
    TaskReportEntry,
    UnitReport,
)

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def periods_visible_to(user: User) -> QuerySet[ReportingPeriod]:
    """Viewers read published plans only: no reporting. Units see periods in which they owe something."""
    if user.role == "viewer" and not user.is_superuser:
        return ReportingPeriod.objects.none()
    qs = ReportingPeriod.objects.filter(plan__in=plans_visible_to(user)).select_related("plan")
    if user.sees_all_units:
        return qs
    if user.is_unit_member:
        return qs.filter(obligations__unit_id=user.unit_id).distinct()
    return ReportingPeriod.objects.none()


def period_visibility_scope(user: User) -> tuple:
    """Users with the same value see the same periods (``periods_visible_to``): a part kept for one of them is
    right for all of them."""
    if (user.role == "viewer" and not user.is_superuser) or not (user.sees_all_units or user.is_unit_member):
        return ("none",)
    return (plan_visibility_scope(user), "all" if user.sees_all_units else user.unit_id)


def report_rule(user: User, prefix: str = "") -> Q:
    """The draft rule for a unit report (and, with ``prefix="report__"``, for what hangs on one): its unit sees
    it in any state; leadership, coordinator and finance once it was sent (`first_submitted_at`)."""
    return visibility.draft_rule(user, unit_field=f"{prefix}unit_id",
                                 sent=Q(**{f"{prefix}first_submitted_at__isnull": False}))


@visibility.register("reporting.unitreport")
def reports_visible_to(user: User) -> QuerySet[UnitReport]:
    """A unit sees its own reports in any state; leadership, coordinator and finance see reports once sent."""
    rule = report_rule(user)
    if user.is_unit_member:
        # A unit also reads the reports of the units it took over (merger, renaming).
        rule |= Q(unit__successor_id=user.unit_id)
    return UnitReport.objects.select_related("period__plan", "unit").filter(rule)


@visibility.register("reporting.taskreportentry")
def entries_visible_to(user: User) -> QuerySet[TaskReportEntry]:
    return TaskReportEntry.objects.filter(report_rule(user, "report__"))


@visibility.register("reporting.evidence")
def evidence_visible_to(user: User) -> QuerySet[Evidence]:
    return Evidence.objects.filter(report_rule(user, "entry__report__"))


def period_get(user: User, pk) -> ReportingPeriod:
    return get_object_or_404(periods_visible_to(user), pk=pk)


def report_get(user: User, pk) -> UnitReport:
    return get_object_or_404(reports_visible_to(user), pk=pk)


def entry_get(user: User, pk) -> TaskReportEntry:
    return get_object_or_404(entries_visible_to(user).select_related("report__period", "task"), pk=pk)


def evidence_get(user: User, pk) -> Evidence:
    return get_object_or_404(evidence_visible_to(user).select_related("entry__report__period"), pk=pk)


def extension_for(report: UnitReport) -> ReportExtension | None:
    """The latest extension granted to the report's unit for its period, if any."""
    return ReportExtension.objects.filter(period_id=report.period_id, unit_id=report.unit_id) \
        .order_by("-granted_at", "-id").first()


def extension_open(report: UnitReport, today: dt.date | None = None) -> bool:
    ext = extension_for(report)
    return bool(ext and ext.deadline >= (today or timezone.localdate()))


def report_state_of(report: UnitReport, today: dt.date) -> str:
    """on_time / late / missing / pending (not yet due, not sent)."""
    if report.first_submitted_at:
        return "late" if timezone.localtime(report.first_submitted_at).date() > report.period.deadline else "on_time"
    return "missing" if today > report.period.deadline else "pending"


def home_for(user: User) -> dict:
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
    reasons = dict(Obligation.objects.filter(period_id=report.period_id, unit_id=report.unit_id,
                                             role=ObligationRole.LEAD, task_id__in=task_ids)
                   .values_list("task_id", "reason"))
    for entry in entries:
        entry.reason = reasons.get(entry.task_id, "")
        entry.inputs = inputs.get(entry.task_id, [])
        entry.coordinating = [a.display_name for a in entry.task.assignments.all()
                              if a.role == AssignmentRole.COORDINATING]
        entry.asks_related = any("liên quan" in a.raw_name.lower() for a in entry.task.assignments.all())
    transitions = list(ReportTransition.objects.filter(report=report).select_related("actor"))
    revisions = list(report.revisions.select_related("created_by"))
    # A returned (or reopened) report says why at the top, where the unit starts fixing it.
    last = transitions[-1] if transitions else None
    return_reason = last.reason if last and report.state == ReportState.RETURNED and last.to_state == ReportState.RETURNED \
        else ""
    return {"entries": entries, "transitions": transitions, "revisions": revisions, "return_reason": return_reason,
            "return_transition": last if return_reason else None, "entry_statuses": dict(EntryStatus.choices)}


def _timing_counts(period: ReportingPeriod, today: dt.date) -> tuple[Counter, dict]:
    """`report_state_of` for every report of the period, and the reports by state, counted by the database in
    one query."""
    from django.db.models import Count, Q

    # The deadline is a local date; a report sent on the deadline day (local time) is on time.
    end_of_deadline = timezone.make_aware(dt.datetime.combine(period.deadline + dt.timedelta(days=1), dt.time()))
    not_sent = Q(first_submitted_at__isnull=True)
    counts = period.reports.order_by().aggregate(
        on_time=Count("id", filter=Q(first_submitted_at__lt=end_of_deadline)),
        late=Count("id", filter=Q(first_submitted_at__gte=end_of_deadline)),
        unsent=Count("id", filter=not_sent),
        **{f"state_{value}": Count("id", filter=Q(state=value)) for value in ReportState.values},
    )
    by_state = {value: n for value in ReportState.values if (n := counts.pop(f"state_{value}"))}
    unsent = counts.pop("unsent")
    counts["missing" if today > period.deadline else "pending"] = unsent
    return Counter(counts), by_state


def period_days_left(period: ReportingPeriod, today: dt.date | None = None) -> int:
    """Days until the period's deadline (negative once it has passed)."""
    return (period.deadline - (today or timezone.localdate())).days


def period_dashboard(period: ReportingPeriod, *, today: dt.date | None = None, page: str | None = None,
                     per_page: int = 50, task_page: str | None = None) -> dict:
    """The coordinator's figures for one period, counted by the database, and one page of the units' matrix:
    a fixed number of queries and rows whatever the number of units (3,000 in a ministry-wide plan)."""
    from django.db.models import Count

    from kehoach.core.pagination import BoundedPaginator

    today = today or timezone.localdate()
    counts, by_state = _timing_counts(period, today)
    all_reports = period.reports.select_related("unit").order_by("unit__position", "unit__name", "id")
    # The pages' row counts are known from the counts above: no COUNT(*) of their own.
    matrix_paginator = BoundedPaginator(all_reports, per_page)
    matrix_paginator.count = min(sum(by_state.values()), matrix_paginator.bound + 1)
    matrix_page = matrix_paginator.get_page(page)
    matrix = list(matrix_page)
    for report in matrix:
        report.period = period
        report.timing = report_state_of(report, today)
    owed_units = sum(by_state.values())
    sent = by_state.get(ReportState.SUBMITTED, 0) + by_state.get(ReportState.ACCEPTED, 0)
    # Tasks by status: each task's roll-up over every unit that owes it (one row per task, kept by services).
    by_status = Counter(dict(period.task_progress.order_by().values_list("status").annotate(n=Count("id"))))
    task_paginator = BoundedPaginator(period.task_progress.select_related("task").order_by("task__position", "id"),
                                      per_page)
    task_paginator.count = min(sum(by_status.values()), task_paginator.bound + 1)
    by_status["none"] = by_status.pop("", 0)
    task_rows = task_paginator.get_page(task_page)
    tasks_owed = dict(period.obligations.filter(role=ObligationRole.LEAD, unit_id__in=[r.unit_id for r in matrix])
                      .order_by().values_list("unit_id").annotate(n=Count("id")))
    for report in matrix:
        report.tasks_owed = tasks_owed.get(report.unit_id, 0)
    # Past the deadline the overdue reports are the unsent ones (every state but submitted and accepted): the
    # extension form's list of units, read once.
    late_states = [ReportState.RETURNED, ReportState.DRAFT, ReportState.APPROVED]
    unsent = _unsent_reports(period)
    overdue_count = sum(by_state.get(s, 0) for s in late_states) if today > period.deadline else 0
    overdue = unsent[:50] if today > period.deadline else []
    status_rows = [(value, label, by_status.get(value, 0)) for value, label in EntryStatus.choices]
    status_rows.append(("none", _("Chưa báo cáo"), by_status.get("none", 0)))
    peak = max([c for _v, _l, c in status_rows] + [1])
    chart = [{"label": label, "count": c, "width": round(300 * c / peak), "y": i * 28}
             for i, (_v, label, c) in enumerate(status_rows)]
    return {
        "period": period, "reports": matrix, "page": matrix_page, "units_owed": owed_units, "units_sent": sent,
        "on_time": counts["on_time"], "late": counts["late"], "missing": counts["missing"],
        "pending": counts["pending"],
        "states": [(value, label, by_state.get(value, 0)) for value, label in ReportState.choices],
        "status_rows": status_rows, "chart": chart, "chart_height": len(chart) * 28,
        "overdue": overdue, "overdue_count": overdue_count, "days_left": period_days_left(period, today),
        "today": today, "task_rows": task_rows, "unsent_units": unsent,
        "extensions": period_extensions(period),
    }


def _whole(qs: QuerySet, function: str, field: str = "id") -> Subquery:
    """One value over every row of ``qs`` (COUNT, MAX) as a subquery: a plain function, not an aggregate, so
    Django adds no GROUP BY."""
    value = Func(F(field), function=function, output_field=CharField())
    return Subquery(qs.order_by().annotate(value=value).values("value")[:1])


def reporting_stamp(period: ReportingPeriod, *, across_years: bool = False) -> str:
    """What a period's dashboard (or, ``across_years``, the plan's history of yearly periods) reads beyond the
    plan's own key (plans.cache), in one query: its reports (how many, the latest saved: every transition and
    draft saves the row), its extensions (only ever added) and the units' names (the latest saved unit)."""
    periods: Any = (ReportingPeriod.objects.filter(plan_id=period.plan_id, kind="yearly").values("id")
                    if across_years else [period.pk])
    reports = UnitReport.objects.filter(period_id__in=periods)
    extensions = ReportExtension.objects.filter(period_id__in=periods)
    row = ReportingPeriod.objects.filter(pk=period.pk).values_list(
        "updated_at", _whole(reports, "COUNT"), _whole(reports, "MAX", "updated_at"), _whole(extensions, "COUNT"),
        _whole(extensions, "MAX"), _whole(Organization.objects.all(), "MAX", "updated_at")).get()
    return ":".join(str(value) for value in row)


def urging_letter_data(period: ReportingPeriod) -> dict:
    """The units that have not sent their report and, for each, the tasks it still owes and how many times it
    was urged already. The plan's coordinating unit and issuer are never urged: they send the letter."""
    from .models import UrgingRecord

    plan = period.plan
    senders = {pk for pk in (plan.coordinator_id, plan.issuer_id) if pk}
    reports = period.reports.exclude(state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED]) \
        .exclude(unit_id__in=senders).select_related("unit").order_by("unit__position", "unit__name")
    owed = defaultdict(list)
    for ob in period.obligations.filter(role=ObligationRole.LEAD).select_related("task") \
            .order_by("task__position"):
        owed[ob.unit_id].append({"ref": ob.task.ref, "title": ob.task.title})
    from django.db.models import Max

    urged = dict(UrgingRecord.objects.filter(period=period).order_by().values_list("unit_id")
                 .annotate(n=Max("number")))
    return {"period": period, "units": [{"unit": r.unit.name, "unit_id": r.unit_id, "tasks": owed[r.unit_id],
                                         "urged": urged.get(r.unit_id, 0)} for r in reports]}


def unit_history(user: User, unit, *, limit: int = 20) -> list[UnitReport]:
    """A unit's latest reports across periods, as far as the user may see them (the busiest unit has
    thousands: the page shows the latest `limit`)."""
    # The unit and its predecessors as one subquery on the report's own unit column: `unit = x OR unit IN
    # (predecessors)` kept PostgreSQL from the index (it read all 57,000 reports), `unit__successor` joined
    # every report to its unit first.
    units = Organization.objects.filter(Q(pk=unit.pk) | Q(successor=unit)).values("pk")
    # Only what the list shows (the unit page carries it on every view).
    return list(reports_visible_to(user).filter(unit_id__in=units).select_related(None)
                .select_related("period__plan").only("state", "unit_id", "period__label", "period__plan__number",
                                                     "period__plan__title")
                .order_by("-period__deadline", "-id")[:limit])


def unit_obligations(user: User, unit, *, limit: int = 50) -> list[Obligation]:
    """What the unit owes in open periods and why ("chủ trì qua nhóm …"), for its own people and the
    coordinator and leadership."""
    if not (user.sees_all_units or (user.is_unit_member and user.unit_id == unit.pk)):
        return []
    # In task id order, which is the appendix order within a version (its rows are written in order), so
    # the unique index (period, unit, task, role) gives the rows sorted: the busiest unit owes 40,000.
    open_periods = ReportingPeriod.objects.filter(state="open").values("pk")
    return list(Obligation.objects.filter(unit=unit, period_id__in=open_periods).select_related("task", "period")
                .only("role", "reason", "unit_id", "task__ref", "task__title", "period__label")
                .order_by("period_id", "task_id", "role")[:limit])


def task_entries(user: User, task: Task) -> list[TaskReportEntry]:
    """The task's entries per period (same lineage across versions) that the user may read: the visibility
    rule as a condition on the joined report, not `report IN (every visible report)`."""
    return list(TaskReportEntry.objects.filter(report_rule(user, "report__"), task__lineage=task.lineage)
                .select_related("report__period", "report__unit").order_by("-report__period__deadline"))


def task_progress_for(user: User, task: Task) -> list[TaskPeriodProgress]:
    """The task's roll-up per period (same lineage across versions) in the periods the user may see. A lineage
    stays in its plan: only that plan's periods are probed, not every period one may see."""
    periods = periods_visible_to(user).filter(plan_id=task.plan_id)
    return list(TaskPeriodProgress.objects.filter(lineage=task.lineage, period__in=periods)
                .select_related("period").order_by("-period__deadline", "-period_id"))


def plan_progress(user: User, plan, *, limit: int = 100) -> dict:
    """The plan's latest period the user may see and its tasks shared by several units, with their roll-up."""
    # One query: the latest period as a subquery, the period itself joined onto its rows (the panel names it only
    # when it has rows).
    latest = periods_visible_to(user).filter(plan=plan).order_by("-deadline", "-id").values("id")[:1]
    rows = list(TaskPeriodProgress.objects.filter(period_id=Subquery(latest), units_total__gt=1)
                .select_related("task", "period").order_by("task__position", "id")[:limit])
    return {"period": rows[0].period if rows else None, "rows": rows}


def overview(user: User, *, page: str | None = None, unit_page: str | None = None) -> dict:
    """Leadership's read-only view: per plan, per group of tasks and per unit progress roll-ups, counted by
    the database for one page of plans and one page of units (not every task of every plan in Python)."""
    from django.db.models import Avg, Count, Q

    from kehoach.core.pagination import BoundedPaginator
    from kehoach.organizations.models import Organization
    from kehoach.plans.models import Plan

    plans_qs = plans_visible_to(user).filter(status="published").select_related("current_version") \
        .order_by("-issued_on", "-id")
    plan_page = BoundedPaginator(plans_qs, 25).get_page(page)
    plans = list(plan_page)
    # Current rows of the page's plans, through the partial index on (plan, position).
    current = Task.objects.filter(plan_id__in=[p.id for p in plans], is_current=True, is_archived=False).order_by()
    done = Count("id", filter=Q(progress=TaskProgress.COMPLETED))

    def roll(row):
        return {"tasks": row["n"], "completed": row["done"], "percent": round(row["avg"] or 0)}

    per_plan = {r["plan_id"]: roll(r) for r in current.values("plan_id").annotate(
        n=Count("id"), done=done, avg=Avg("progress_percent"))}
    groups = [{"plan_id": r["plan_id"], "group": r["group"] or "—", **roll(r)} for r in current.values(
        "plan_id", "group").annotate(n=Count("id"), done=done, avg=Avg("progress_percent")).order_by("plan_id", "group")]
    # Units: a page of the ministry's units by name, each rolled up over the current tasks it leads.
    unit_qs = Organization.objects.filter(kind="unit").order_by("name", "id")
    unit_pg = BoundedPaginator(unit_qs, 25).get_page(unit_page)
    units = list(unit_pg)
    # Joins from the units' assignments (an index range each), not a subquery over every current task.
    lead = (TaskAssignment.objects.filter(role=AssignmentRole.LEAD, organization_id__in=[u.pk for u in units],
                                          task__is_current=True, task__is_archived=False,
                                          task__plan__status="published").order_by()
            .values("organization_id").annotate(n=Count("task_id"), done=Count(
                "task_id", filter=Q(task__progress=TaskProgress.COMPLETED)), avg=Avg("task__progress_percent")))
    per_unit = {r["organization_id"]: roll(r) for r in lead}
    empty = {"tasks": 0, "completed": 0, "percent": 0}
    periods = list(periods_visible_to(user).filter(plan__in=Plan.objects.filter(status="published"), state="open")
                   .order_by("-deadline", "-id")[:25])
    return {
        "plans": [{"plan": p, **per_plan.get(p.id, empty)} for p in plans], "plan_page": plan_page,
        "groups": groups,
        "units": [{"unit": u.name, **per_unit.get(u.pk, empty)} for u in units], "unit_page": unit_pg,
        "periods": periods,
    }


def period_unit_get(period: ReportingPeriod, unit_id):
    """A unit that has a report in the period, or 404."""
    return get_object_or_404(UnitReport.objects.select_related("unit"), period=period, unit_id=unit_id).unit


@dataclass(frozen=True)
class UnsentUnit:
    """A unit whose report of the period is not sent: what the dashboard's lists show of it."""
    pk: int
    name: str
    state: str

    @property
    def state_label(self) -> str:
        return str(ReportState(self.state).label)


def _unsent_reports(period: ReportingPeriod, *, limit: int = 500) -> list[UnsentUnit]:
    # Up to 500 rows on every dashboard view: three columns, not model rows (500 reports and units built as
    # models cost ~25 ms of a 50 ms page).
    rows = (period.reports.exclude(state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED])
            .order_by("unit__position", "unit__name", "id").values_list("unit_id", "unit__name", "state")[:limit])
    return [UnsentUnit(*row) for row in rows]


def period_extensions(period: ReportingPeriod, *, limit: int = 100) -> list:
    from .models import ReportExtension

    return list(ReportExtension.objects.filter(period=period).select_related("unit", "granted_by")
                .order_by("-granted_at", "-id")[:limit])


def input_task_get(user: User, period: ReportingPeriod, task_pk) -> Task:
    """A task the user's unit coordinates in the period, or 404."""
    return get_object_or_404(Obligation.objects.select_related("task"), period=period, task_id=task_pk,
                             unit_id=user.unit_id, role=ObligationRole.COORDINATING).task


def plan_history(plan, *, unit_page: str | None = None, task_page: str | None = None,
                 per_page: int | None = 50, today: dt.date | None = None) -> dict:
    """Across the plan's yearly periods: a unit × year table of completeness (confirmed completed / owed lead
    tasks) and timeliness (report sent by the deadline), and a task × year line of the rolled-up progress.
    A fixed number of queries; one page of units and of tasks (``per_page=None``: all, for the export)."""
    from django.db.models import Count

    from kehoach.core.pagination import BoundedPaginator
    today = today or timezone.localdate()
    periods = list(ReportingPeriod.objects.filter(plan=plan, kind="yearly").order_by("year"))
    pids = [p.id for p in periods]
    units_qs = Organization.objects.filter(unit_reports__period_id__in=pids).distinct().order_by("name", "id")
    tasks_qs = Task.objects.filter(plan=plan, is_current=True, is_archived=False).order_by("position", "id")
    unit_pg: Page | None
    task_pg: Page | None
    if per_page:
        unit_pg = BoundedPaginator(units_qs, per_page).get_page(unit_page)
        task_pg = BoundedPaginator(tasks_qs, per_page).get_page(task_page)
        units, tasks = list(unit_pg), list(task_pg)
    else:
        unit_pg = task_pg = None
        units, tasks = list(units_qs), list(tasks_qs)
    unit_ids = [u.pk for u in units]
    owed = {(u, p): n for u, p, n in Obligation.objects.filter(
        period_id__in=pids, role=ObligationRole.LEAD, unit_id__in=unit_ids).order_by()
        .values_list("unit_id", "period_id").annotate(n=Count("id"))}
    done = {(u, p): n for u, p, n in TaskReportEntry.objects.filter(
        report__period_id__in=pids, report__state=ReportState.ACCEPTED, completion_confirmed=True,
        report__unit_id__in=unit_ids).order_by().values_list("report__unit_id", "report__period_id")
        .annotate(n=Count("id"))}
    sent = {(u, p): at for u, p, at in UnitReport.objects.filter(period_id__in=pids, unit_id__in=unit_ids)
            .values_list("unit_id", "period_id", "first_submitted_at")}
    deadlines = {p.id: p.deadline for p in periods}
    unit_rows = []
    for unit in units:
        cells: list[dict[str, Any] | None] = []  # None: nothing owed nor sent that year
        on_time = counted = 0
        for p in periods:
            key = (unit.pk, p.id)
            if key not in sent and key not in owed:
                cells.append(None)
                continue
            n_owed = owed.get(key, 0)
            at = sent.get(key)
            if at:
                timing = "on_time" if timezone.localtime(at).date() <= deadlines[p.id] else "late"
            else:
                # Not sent: overdue once the deadline has passed (or the period closed), else not yet due.
                timing = "missing" if today > deadlines[p.id] or not p.is_open else "pending"
            if timing != "pending":
                counted += 1
                on_time += timing == "on_time"
            cells.append({"owed": n_owed, "done": done.get(key, 0), "timing": timing,
                          "completeness": round(100 * done.get(key, 0) / n_owed) if n_owed else 0})
        unit_rows.append({"unit": unit, "cells": cells,
                          "on_time_rate": round(100 * on_time / counted) if counted else None})
    progress = {(str(lin), p): (pct, st) for lin, p, pct, st in TaskPeriodProgress.objects.filter(
        period_id__in=pids, lineage__in=[t.lineage for t in tasks]).values_list("lineage", "period_id", "percent",
                                                                               "status")}
    task_rows = [{"task": t, "cells": [progress.get((str(t.lineage), p.id)) for p in periods]} for t in tasks]
    return {"periods": periods, "years": [p.year for p in periods], "unit_rows": unit_rows, "task_rows": task_rows,
            "unit_page": unit_pg, "task_page": task_pg}


# -- status classes per period (issue 17) ------------------------------------------------------------------


def period_task_queryset(period: ReportingPeriod) -> QuerySet[Task]:
    """The task rows a period was run on, as a queryset: an open period follows the plan's current version, a
    closed one keeps the rows its obligations were made on (amendments change open periods only)."""
    if period.is_open:
        return Task.objects.filter(plan_id=period.plan_id, is_current=True)
    return Task.objects.filter(pk__in=Obligation.objects.filter(period=period).values("task_id"))


def period_as_of(period: ReportingPeriod, today: dt.date | None = None) -> dt.date:
    """The day a period's status classes are judged on: the end of its data (Decree 09's window, else the
    cut-off), or today while that day has not come."""
    today = today or timezone.localdate()
    return min(today, period.data_end or period.cutoff)


def period_class_counts(period: ReportingPeriod, today: dt.date | None = None) -> dict[str, int]:
    """The period's tasks per status class as of ``period_as_of`` (one query)."""
    return class_counts(period_task_queryset(period), period_as_of(period, today))


def period_figures_kept(period: ReportingPeriod, unit_ids: list[int]) -> dict:
    """The dashboard's two counts over the whole period (tasks by class; the on-time trend of these units),
    kept until the plan's data changes (plans.cache: report accepted, deadline moved, period opened or
    configured...) or the day turns. For a period of 60,000 tasks and 3,000 units they read every task."""
    today = timezone.localdate()
    arguments = (period.pk, period.state, period.cutoff, period.data_end, period.deadline, today, unit_ids)
    return kept_for_plan(period.plan, "period-figures", arguments, lambda: {
        "class_counts": period_class_counts(period, today),
        "trend": unit_on_time_trend(period, today=today, unit_ids=unit_ids)})


def unit_on_time_trend(period: ReportingPeriod, *, today: dt.date | None = None, periods: int = 4,
                       limit: int = 200, unit_ids: list[int] | None = None) -> dict:
    """Per lead unit, the share of its judged tasks completed on time in this period and the ``periods - 1``
    before it on the same plan, and the change against the previous period (two queries whatever the
    number of units or tasks: the earlier periods, then one grouped count). With ``unit_ids`` (the
    dashboard's page of units) only those units are counted, so the count reads their obligations only.

    Each period is judged as of its own day (``period_as_of``): a task completed by then on or before its
    deadline in force is on time; completed by then after it is late; not completed by then with its deadline
    passed is overdue. The rate is on time / (on time + late + overdue); tasks not yet due are not judged."""
    today = today or timezone.localdate()
    history = list(ReportingPeriod.objects.filter(plan_id=period.plan_id, deadline__lte=period.deadline)
                   .exclude(pk=period.pk).order_by("-deadline", "-id")[:max(periods - 1, 0)])
    chain = [*reversed(history), period]
    as_of = Least(Coalesce(F("period__data_end"), F("period__cutoff")), Value(today), output_field=DateField())
    deadline = deadline_expression("task__")
    done = Q(task__progress=TaskProgress.COMPLETED) & (Q(task__completed_on__isnull=True)
                                                       | Q(task__completed_on__lte=as_of))
    undated = Q(task__deadline_extended__isnull=True, task__deadline_set__isnull=True,
                task__timeframe_end__isnull=True)
    on_time = done & (undated | Q(task__completed_on__isnull=True) | Q(task__completed_on__lte=deadline))
    late = done & ~undated & Q(task__completed_on__gt=deadline)
    # The deadline day itself is still within it.
    overdue = ~done & ~undated & Q(LessThan(deadline, as_of))
    obligations = Obligation.objects.filter(period__in=chain, role=ObligationRole.LEAD)
    if unit_ids is not None:
        obligations = obligations.filter(unit_id__in=unit_ids)
    rows = (obligations.order_by().values("unit_id", "unit__name", "unit__position", "period_id")
            .annotate(on_time=Count("id", filter=on_time), late=Count("id", filter=late),
                      overdue=Count("id", filter=overdue)))
    cells: dict[int, dict[int, int | None]] = defaultdict(dict)
    names: dict[int, Organization] = {}
    for row in rows:
        judged = row["on_time"] + row["late"] + row["overdue"]
        cells[row["unit_id"]][row["period_id"]] = round(100 * row["on_time"] / judged) if judged else None
        names[row["unit_id"]] = Organization(pk=row["unit_id"], name=row["unit__name"],
                                             position=row["unit__position"])
    units = sorted(names.values(), key=lambda u: (u.position, u.name))[:limit]
    unit_rows = []
    for unit in units:
        rates = [cells[unit.pk].get(p.pk) for p in chain]
        if all(r is None for r in rates):
            continue  # nothing of this unit's was due or done yet: no row of dashes
        current, previous = rates[-1], (rates[-2] if len(rates) > 1 else None)
        change = current - previous if current is not None and previous is not None else None
        unit_rows.append({"unit": unit, "rates": rates, "change": change,
                          "trend": "" if change is None else "up" if change > 0 else "down" if change < 0 else "same"})
    return {"periods": chain, "rows": unit_rows}
