"""Money formatting (Vietnamese: 1.234.567,5) and the panels' data for a task or unit."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from kehoach.budgets import selectors
from kehoach.core.rules import may

register = template.Library()


@register.filter
def money(value) -> str:
    """1234567.50 → 1.234.567,5 in Vietnamese, 1,234,567.5 in English (trailing zero decimals dropped)."""
    if value in (None, ""):
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    places = next(p for p in (0, 1, 2) if amount == amount.quantize(Decimal(1).scaleb(-p)))
    return number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.simple_tag(takes_context=True)
def task_budget_lines(context, task):
    user = context.get("user")
    if not may(user, "budgets.view"):
        return []
    return list(selectors.budget_lines_for_task(user, task))


@register.simple_tag(takes_context=True)
def unit_budget_lines(context, unit):
    user = context.get("user")
    if not may(user, "budgets.view"):
        return []
    return list(selectors.budget_lines_for_unit(user, unit)[:50])
