"""A task's standing per period across every unit that owes it (the honest roll-up): one row per (period, task
lineage), recomputed from the lead obligations and the accepted entries whenever a report is accepted or
reopened, or the period's obligations change. The task's own progress follows the plan's latest period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set
from typing import TYPE_CHECKING

from django.utils import timezone

from kehoach.core.services import audit_log, snapshot
from kehoach.organizations.choices import OrgKind
from kehoach.plans.cache import plan_data_changed
from kehoach.plans.choices import AssignmentRole, TaskProgress
from kehoach.plans.models import Task, TaskAssignment

from ..choices import EntryStatus, ObligationRole, ProgressRule, ReportState
from ..models import ReportingPeriod, ReportingRule, TaskPeriodProgress, TaskReportEntry

if TYPE_CHECKING:
    from kehoach.accounts.models import User

COUNT_FIELDS = ["completed", "in_progress", "not_started", "late", "adjustment"]


def progress_rule_for(plan) -> str:
    rule = ReportingRule.objects.filter(plan=plan).values_list("progress_rule", flat=True).first()
    return rule or ProgressRule.MEAN


def unit_effective(status: str, percent: int | None, confirmed: bool) -> tuple[str, int]:
    """One unit's accepted word as it counts: completion only where evidenced and confirmed."""
    if status == EntryStatus.COMPLETED:
        return (EntryStatus.COMPLETED, 100) if confirmed else (EntryStatus.IN_PROGRESS, min(percent or 0, 99))
    return status or EntryStatus.NOT_STARTED, percent or 0


def aggregate(units: list[int], words: dict[int, tuple[str, int]], *, rule: str,
              named_leads: Set[int] = frozenset()) -> dict:
    """The roll-up of one task: counts by unit and the task's status and percent under the plan's rule.

    ``units``: every unit that leads the task in the period; ``words``: unit -> (status, percent) of its
    accepted entry. Rules: ``mean`` (default) the mean over every unit owing the task, a unit that has not
    reported counting 0%; ``all_units`` the share of units that have completed it; ``lead_only`` the mean of
    the units the plan names as lead (not through a group). Pure, so tests check the hand counts directly."""
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    for unit in units:
        if unit in words:
            counts[words[unit][0]] += 1
    reported = sum(counts.values())
    counted = units
    if rule == ProgressRule.LEAD_ONLY and named_leads & set(units):
        counted = [u for u in units if u in named_leads]
    said = [words[u] for u in counted if u in words]
    if rule == ProgressRule.ALL_UNITS:
        # The task is as far as the share of its units that have finished it.
        percent = round(100 * sum(1 for s, _p in said if s == EntryStatus.COMPLETED) / len(counted)) if counted else 0
    else:
        # Mean over every unit that owes it: a unit that has not reported counts 0%, never "unknown = done".
        percent = round(sum(p for _s, p in said) / len(counted)) if counted else 0
    statuses = [s for s, _p in said]
    if not counted or not said:
        status = ""
    elif len(said) == len(counted) and all(s == EntryStatus.COMPLETED for s in statuses):
        status = EntryStatus.COMPLETED
    elif EntryStatus.ADJUSTMENT in statuses:
        status = EntryStatus.ADJUSTMENT
    elif EntryStatus.LATE in statuses:
        status = EntryStatus.LATE
    elif len(said) == len(counted) and all(s == EntryStatus.NOT_STARTED for s in statuses):
        status = EntryStatus.NOT_STARTED
    else:
        status = EntryStatus.IN_PROGRESS
    if status != EntryStatus.COMPLETED:
        percent = min(percent, 99)
    return {**counts, "units_total": len(units), "not_reported": len(units) - reported, "status": status,
            "percent": percent}


def progress_recompute(period: ReportingPeriod, *, lineages=None, actor: User | None=None) -> list[TaskPeriodProgress]:
    """Recompute the period's rows (all, or the given task lineages) in a fixed number of queries."""
    lineages = {str(x) for x in lineages} if lineages is not None else None
    plan_data_changed(period.plan_id)  # the dashboard's cached figures (plans.cache)
    obligations = period.obligations.filter(role=ObligationRole.LEAD)
    if lineages is not None:
        obligations = obligations.filter(task__lineage__in=lineages)
    units_by_lineage: dict[str, list[int]] = defaultdict(list)
    task_of: dict[str, int] = {}
    for unit_id, task_id, lineage in obligations.order_by("unit_id").values_list("unit_id", "task_id",
                                                                                   "task__lineage"):
        units_by_lineage[str(lineage)].append(unit_id)
        task_of[str(lineage)] = task_id
    words: dict[str, dict[int, tuple[str, int]]] = defaultdict(dict)
    entries = TaskReportEntry.objects.filter(report__period=period, report__state=ReportState.ACCEPTED,
                                             task__lineage__in=list(units_by_lineage))
    for unit_id, lineage, status, percent, confirmed in entries.values_list(
            "report__unit_id", "task__lineage", "status", "percent", "completion_confirmed"):
        words[str(lineage)][unit_id] = unit_effective(status, percent, confirmed)
    rule = progress_rule_for(period.plan_id and period.plan)
    named: dict[int, set[int]] = defaultdict(set)
    if rule == ProgressRule.LEAD_ONLY:
        for task_id, org_id in TaskAssignment.objects.filter(
                task_id__in=list(task_of.values()), role=AssignmentRole.LEAD,
                organization__kind=OrgKind.UNIT).values_list("task_id", "organization_id"):
            named[task_id].add(org_id)
    existing = {str(r.lineage): r for r in TaskPeriodProgress.objects.filter(
        period=period, **({"lineage__in": list(lineages)} if lineages is not None else {}))}
    fields = ["task", "units_total", *COUNT_FIELDS, "not_reported", "status", "percent", "rule"]
    new: list[TaskPeriodProgress] = []
    changed: list[TaskPeriodProgress] = []
    for key, units in units_by_lineage.items():
        values = aggregate(units, words.get(key, {}), rule=rule, named_leads=named.get(task_of[key], set()))
        row = existing.pop(key, None) or TaskPeriodProgress(period=period, lineage=key)
        row.task_id, row.rule = task_of[key], rule
        for name, value in values.items():
            setattr(row, name, value)
        (changed if row.pk else new).append(row)
    TaskPeriodProgress.objects.bulk_create(new)
    TaskPeriodProgress.objects.bulk_update(changed, fields)
    # Rows of tasks the period no longer asks for are derived data: recomputed, not kept.
    TaskPeriodProgress.objects.filter(id__in=[r.id for r in existing.values()]).delete()
    rows = new + changed
    _follow_on_tasks(period, rows, actor=actor)
    return rows


def progress_following(task: Task, status: str, percent: int) -> tuple[str, int] | None:
    """The progress and percent a current task shows after its plan's latest period rolls up to ``status`` and
    ``percent``, or None when it stays as it is. Pure, so the scale seeder follows the same rule."""
    if not status and task.progress == TaskProgress.COMPLETED:
        # Nothing said yet in this period: a task completed before stays completed (opening next year's period
        # must not turn last year's completed tasks into overdue ones).
        return None
    progress = status if status in TaskProgress.values else TaskProgress.NOT_STARTED
    if (task.progress, task.progress_percent) == (progress, percent):
        return None
    return progress, percent


def _follow_on_tasks(period: ReportingPeriod, rows: list[TaskPeriodProgress], *, actor) -> None:
    """The plan's current tasks show the roll-up of the plan's latest period (never one unit's word)."""
    latest = ReportingPeriod.objects.filter(plan_id=period.plan_id).order_by("-deadline", "-id") \
        .values_list("id", flat=True).first()
    if latest != period.pk or not rows:
        return
    by_lineage = {str(r.lineage): r for r in rows}
    now = timezone.now()
    for task in Task.objects.filter(plan_id=period.plan_id, is_current=True, lineage__in=list(by_lineage)):
        row = by_lineage[str(task.lineage)]
        followed = progress_following(task, row.status, row.percent)
        if followed is None:
            continue
        before = snapshot(task, ["progress", "progress_percent"])
        task.progress, task.progress_percent = followed
        task.progress_updated_at = now
        task.save(update_fields=["progress", "progress_percent", "progress_updated_at"])
        audit_log(actor=actor, action="reporting.task_progress", obj=task, before=before,
                  after=snapshot(task, ["progress", "progress_percent"]), message=row.breakdown)
