"""Template tags feeding the reporting panels on other apps' pages (scoped to the viewing user)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kehoach.core.fragments import FRAGMENT_SECONDS, render_fragment
from kehoach.plans.cache import kept_for_plan
from kehoach.reporting import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unit_reports(context, unit):
    return selectors.unit_history(context["user"], unit)


@register.simple_tag(takes_context=True)
def task_report_entries(context, task):
    return selectors.task_entries(context["user"], task)


@register.simple_tag(takes_context=True)
def task_progress_rows(context, task):
    return selectors.task_progress_for(context["user"], task)


@register.simple_tag(takes_context=True)
def plan_shared_progress(context, plan):
    """The plan page's panel of tasks shared by several units, kept rendered until the plan's data changes (a
    roll-up moves it, plans.cache), per period visibility (the periods one may see differ by unit) and language:
    up to 100 rows, dearer to unpickle and render again than the rest of the page."""
    user, request = context["user"], context["request"]
    key = (selectors.period_visibility_scope(user), get_language())
    return mark_safe(kept_for_plan(plan, "shared-progress", key, lambda: str(render_fragment(
        request, "reporting/_plan_shared_progress.html", selectors.plan_progress(user, plan))),
        seconds=FRAGMENT_SECONDS))


@register.simple_tag(takes_context=True)
def unit_obligations(context, unit):
    return selectors.unit_obligations(context["user"], unit)
