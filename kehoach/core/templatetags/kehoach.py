"""Formatting helpers for templates (no domain logic here)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.apps import apps
from django.template import RequestContext, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe

from kehoach.core.audit import audit_rows as _audit_rows
from kehoach.core.rules import actions_for as _actions_for

register = template.Library()


@register.filter
def vndate(value) -> str:
    """dd/mm/yyyy whatever the language."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def vnday(value) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y")
    return vndate(value)


@register.filter
def pct_step(value) -> int:
    """A percentage rounded to the nearest 5, for the .w-pct-N width classes (no inline style under CSP)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0
    return int(min(100, max(0, round(value / 5) * 5)))


@register.filter
def percent_bar_class(value) -> str:
    try:
        value = int(value)
    except (TypeError, ValueError):
        return "bg-secondary"
    if value >= 100:
        return "bg-success"
    if value >= 50:
        return "bg-info"
    return "bg-warning"


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag(takes_context=True)
def app_panels(context, slot: str) -> str:
    """Render `<app>/_panel_<slot>.html` of every kehoach app that has one (task, unit, partner, plan pages).

    Lets each app add its section to a shared page without editing that page's template.
    """
    parts = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kehoach."):
            continue
        try:
            template = get_template(f"{config.label}/_panel_{slot}.html")
        except TemplateDoesNotExist:
            continue
        if isinstance(context, RequestContext):
            # In the page's own context, as {% include %} does: rendering it anew would run every context
            # processor again for each panel (the rule book's object-less rules, notifications…).
            with context.push():
                parts.append(template.template.render(context))
        else:  # a bare Context (a fragment, a test): the panel gets the processors' values (may, csrf_token)
            parts.append(template.render(context.flatten(), context.get("request")))
    return mark_safe("".join(parts))


@register.filter
def page_numbers(page) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 40: the page numbers worth a link (None for a gap)."""
    last, current = page.paginator.num_pages, page.number
    shown = sorted({1, 2, last - 1, last, *range(current - 2, current + 3)} & set(range(1, last + 1)))
    result: list[int | None] = []
    for n in shown:
        if result and n - (result[-1] or 0) > 1:
            result.append(None)
        result.append(n)
    return result


@register.simple_tag
def count_label(page) -> str:
    """How many rows the list has: exact up to the paginator's bound, then "10.000+"."""
    paginator = page.paginator
    shown = getattr(paginator, "shown_count", paginator.count)
    text = f"{shown:,}".replace(",", ".")
    return text + "+" if getattr(paginator, "is_bounded", False) else text


@register.simple_tag(takes_context=True)
def page_url(context, param, number, base="") -> str:
    """The current query string pointing at page `number` of the list paged by `param` (default `page`);
    `{% querystring %}` cannot take the parameter's name from a variable (a page with two lists needs it).
    ``base``: the address of a list loaded into another page (its links go to the list's own address)."""
    params = context["request"].GET.copy()
    params[param or "page"] = number
    return f"{base or ''}?{params.urlencode()}"


@register.filter
def count_label_of(page) -> str:
    return count_label(page)


@register.filter
def audit_rows(entries):
    """Audit entries as the history pages show them (labels, readable values, names; see core.audit)."""
    return _audit_rows(entries)


@register.simple_tag(takes_context=True)
def actions_for(context, obj):
    """``{% actions_for report as can %}`` then ``{% if can.reporting.approve_report %}``: the rule book asked
    for the signed-in user; templates hold no role checks."""
    request = context.get("request")
    return _actions_for(getattr(request, "user", None) or context.get("user"), obj)
