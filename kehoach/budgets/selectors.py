"""Reads of budget lines, scoped to the user's unit, and totals aggregated in SQL (in VND)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum

from kehoach.core import visibility
from kehoach.core.selectors import get_object_or_404, register_audit_visibility
from kehoach.organizations.models import Organization
from kehoach.plans.choices import PlanStatus
from kehoach.plans.models import Task

from .choices import BudgetStatus, FundingSource
from .models import BudgetLine, BudgetSpend

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def line_rule(user: User, prefix: str = "") -> Q:
    """The draft rule for a budget line: a unit sees its own lines; finance, the coordinator and leadership see
    a line once it was sent for appraisal (a returned line being reworked stays visible: it was appraised) and
    the lines they filed themselves for a unit."""
    sent = ~Q(**{f"{prefix}status": BudgetStatus.DRAFT}) | Q(**{f"{prefix}appraised_at__isnull": False})
    return visibility.draft_rule(user, sent=sent, unit_field=f"{prefix}unit_id", creator_field=f"{prefix}created_by_id")


@visibility.register("budgets.budgetline")
def budget_lines_visible_to(user: User) -> QuerySet[BudgetLine]:
    """A unit sees its own lines; finance, the coordinator and leadership every unit's lines once sent."""
    return BudgetLine.objects.filter(line_rule(user), is_archived=False)


@visibility.register("budgets.budgetspend")
def budget_spends_visible_to(user: User) -> QuerySet[BudgetSpend]:
    return BudgetSpend.objects.filter(line_rule(user, "line__"), line__is_archived=False)


@dataclass
class BudgetFilters:
    year: int | None = None
    unit: int | None = None
    source: str = ""
    status: str = ""
    plan: int | None = None


def _filtered(user, filters: BudgetFilters | None) -> QuerySet[BudgetLine]:
    qs = budget_lines_visible_to(user)
    f = filters or BudgetFilters()
    if f.year:
        qs = qs.filter(year=f.year)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.plan:
        qs = qs.filter(plan_id=f.plan)
    return qs


def budget_line_list(user: User, filters: BudgetFilters | None = None) -> QuerySet[BudgetLine]:
    return (_filtered(user, filters).select_related("unit", "plan", "task", "activity", "appraised_by")
            .annotate(spent_vnd=Sum("spends__amount_vnd")).order_by("-year", "unit__name", "id"))


@register_audit_visibility("budgets.budgetline")
def budget_line_get(user: User, pk) -> BudgetLine:
    lines = budget_lines_visible_to(user).select_related("unit", "plan", "task", "activity", "appraised_by")
    return get_object_or_404(lines, pk=pk)


TOTAL_DIMENSIONS = {
    "unit": ("unit_id", "unit__name"),
    "source": ("source", "source"),
    "year": ("year", "year"),
    "plan": ("plan_id", "plan__title"),
}


def budget_totals(user: User, by: str, filters: BudgetFilters | None = None) -> list[dict]:
    """Estimate, approved and spent totals in VND grouped by unit, source, year or plan: two queries.

    Each line's VND value is stored at its own rate, so lines in several currencies add up correctly.
    """
    key, label = TOTAL_DIMENSIONS[by]
    lines = _filtered(user, filters)
    rows = list(lines.values(key, label).annotate(
        lines=Count("id"), estimate=Sum("amount_vnd"), approved=Sum("approved_vnd"),
    ).order_by(label))
    spent = dict(BudgetSpend.objects.filter(line__in=lines.values("pk")).values(f"line__{key}")
                 .annotate(total=Sum("amount_vnd")).values_list(f"line__{key}", "total"))
    source_labels = dict(FundingSource.choices)
    result = []
    for row in rows:
        value = row[key]
        name = source_labels.get(value, value) if by == "source" else row[label]
        result.append({"key": value, "label": name if name is not None else "—", "lines": row["lines"],
                       "estimate": row["estimate"] or 0, "approved": row["approved"] or 0,
                       "spent": spent.get(value) or 0})
    return result


def budget_grand_total(user: User, filters: BudgetFilters | None = None) -> dict:
    lines = _filtered(user, filters)
    totals = lines.aggregate(lines=Count("id"), estimate=Sum("amount_vnd"), approved=Sum("approved_vnd"))
    totals["spent"] = BudgetSpend.objects.filter(line__in=lines.values("pk")).aggregate(s=Sum("amount_vnd"))["s"]
    return {k: v or 0 for k, v in totals.items()}


def budget_lines_for_task(user: User, task) -> QuerySet[BudgetLine]:
    return budget_lines_visible_to(user).filter(task__lineage=task.lineage, task__plan_id=task.plan_id) \
        .select_related("unit").order_by("-year", "id")


def budget_lines_for_unit(user: User, unit) -> QuerySet[BudgetLine]:
    return budget_lines_visible_to(user).filter(unit=unit).select_related("plan", "task").order_by("-year", "id")


def lines_to_appraise(user: User) -> QuerySet[BudgetLine]:
    return budget_line_list(user, BudgetFilters(status=BudgetStatus.SUBMITTED))


def sponsorship_projects(user: User) -> QuerySet[Task]:
    """Danh mục dự án kêu gọi tài trợ: current tasks of published plans marked for sponsorship, each with
    its sponsorship budget lines the user may see (two queries)."""
    lines = budget_lines_visible_to(user).filter(source=FundingSource.SPONSORSHIP).select_related("unit")
    return (Task.objects.filter(seeks_sponsorship=True, is_archived=False, plan__status=PlanStatus.PUBLISHED,
                                version_id=F("plan__current_version_id"))
            .select_related("plan")
            .prefetch_related(Prefetch("budget_lines", queryset=lines, to_attr="sponsorship_lines"))
            .order_by("plan_id", "position"))


def budget_units(user: User):
    """Units for the filter: those with visible lines (one query)."""
    return Organization.objects.filter(pk__in=budget_lines_visible_to(user).values("unit_id")).order_by("name")


def year_choices(user: User) -> list[int]:
    return sorted(set(budget_lines_visible_to(user).values_list("year", flat=True)), reverse=True)

