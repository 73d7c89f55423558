"""Money formatting (Vietnamese: 1.234.567,5) and the panels' data for a task or unit."""

from decimal import Decimal

from django import template

from kehoach.budgets import selectors

register = template.Library()


@register.filter
def money(value) -> str:
    """1234567.50 → 1.234.567,5 (Vietnamese grouping; trailing zero decimals dropped)."""
    if value in (None, ""):
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    whole, _, frac = f"{amount:,.2f}".partition(".")
    whole = whole.replace(",", ".")
    frac = frac.rstrip("0")
    return f"{whole},{frac}" if frac else whole


@register.simple_tag(takes_context=True)
def task_budget_lines(context, task):
    user = context.get("user")
    if user is None or not (user.sees_all_units or user.is_unit_member):
        return []
    return list(selectors.budget_lines_for_task(user, task))


@register.simple_tag(takes_context=True)
def unit_budget_lines(context, unit):
    user = context.get("user")
    if user is None or not (user.sees_all_units or user.is_unit_member):
        return []
    return list(selectors.budget_lines_for_unit(user, unit)[:50])
