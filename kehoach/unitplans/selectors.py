"""Reads of unit yearly plans, scoped to the user's unit; and what reporting measures reports against."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q, QuerySet

from kehoach.core import visibility
from kehoach.core.selectors import get_object_or_404, register_audit_visibility
from kehoach.organizations.models import Organization
from kehoach.organizations.selectors import groups_of
from kehoach.plans.choices import AssignmentRole, PlanStatus
from kehoach.plans.models import Task

from .choices import YearPlanStatus
from .models import UnitPlanItem, UnitYearPlan

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def yearplan_rule(user: User, prefix: str = "") -> Q:
    """The draft rule for a unit's yearly plan: the unit in any state; the all-units roles once sent."""
    return visibility.draft_rule(user, sent=~Q(**{f"{prefix}status": YearPlanStatus.DRAFT}),
                                 unit_field=f"{prefix}unit_id", creator_field=f"{prefix}created_by_id")


@visibility.register("unitplans.unityearplan")
def yearplans_visible_to(user: User) -> QuerySet[UnitYearPlan]:
    return UnitYearPlan.objects.filter(yearplan_rule(user))


@visibility.register("unitplans.unitplanitem")
def yearplan_items_visible_to(user: User) -> QuerySet[UnitPlanItem]:
    return UnitPlanItem.objects.filter(yearplan_rule(user, "year_plan__"))


def yearplan_list(user: User, *, year: int | None = None, status: str = "") -> QuerySet[UnitYearPlan]:
    qs = yearplans_visible_to(user).select_related("unit")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(item_count=Count("items", filter=Q(items__is_archived=False))).order_by("-year", "unit__name")


def _items():
    return Prefetch("items", queryset=UnitPlanItem.objects.filter(is_archived=False)
                    .select_related("task__plan").order_by("position", "id"), to_attr="active_items")


@register_audit_visibility("unitplans.unityearplan")
def yearplan_get(user: User, pk) -> UnitYearPlan:
    year_plans = yearplans_visible_to(user).select_related("unit", "submitted_by", "decided_by").prefetch_related(_items())
    return get_object_or_404(year_plans, pk=pk)


def candidate_tasks(unit: Organization, year: int) -> list[tuple[Task, str]]:
    """Current tasks of published plans the unit leads or coordinates (directly or through a group) that fall
    in the year, with the unit's role (lead wins)."""
    org_ids = [unit.pk, *(g.pk for g in groups_of(unit))]
    tasks = (Task.objects.filter(plan__status=PlanStatus.PUBLISHED, version_id=F("plan__current_version_id"),
                                 is_archived=False, assignments__organization_id__in=org_ids,
                                 assignments__role__in=[AssignmentRole.LEAD, AssignmentRole.COORDINATING])
             .select_related("plan").prefetch_related("assignments", "products").distinct()
             .order_by("plan_id", "position"))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    result: list[tuple[Task, str]] = []
    for task in tasks:
        if not task.overlaps(start, end):
            continue
        roles = {a.role for a in task.assignments.all() if a.organization_id in org_ids
                 and a.role != AssignmentRole.MONITORING}
        result.append((task, AssignmentRole.LEAD if AssignmentRole.LEAD in roles else AssignmentRole.COORDINATING))
    return result


def approved_items_for(unit: Organization, year: int) -> QuerySet[UnitPlanItem]:
    """The items of the unit's approved yearly plan for the year (empty if none is approved): what its next
    report is measured against. For reporting."""
    return (UnitPlanItem.objects.filter(year_plan__unit=unit, year_plan__year=year,
                                        year_plan__status=YearPlanStatus.APPROVED, is_archived=False)
            .select_related("task__plan").order_by("position", "id"))


def unit_panel(user: User, unit: Organization) -> list[UnitYearPlan]:
    """Yearly plans shown on a unit's page, newest first."""
    return list(yearplans_visible_to(user).filter(unit=unit).order_by("-year")[:5])


def yearplan_counts() -> dict[str, int]:
    counts = dict(UnitYearPlan.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in YearPlanStatus.values}
