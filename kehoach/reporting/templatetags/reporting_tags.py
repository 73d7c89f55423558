"""Template tags feeding the reporting panels on other apps' pages (scoped to the viewing user)."""

from django import template

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
def plan_progress_rows(context, plan):
    return selectors.plan_progress_kept(context["user"], plan)


@register.simple_tag(takes_context=True)
def unit_obligations(context, unit):
    return selectors.unit_obligations(context["user"], unit)
