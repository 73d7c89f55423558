"""Panel helper for the unit page (one query)."""

from django import template

from kehoach.unitplans.selectors import unit_panel

register = template.Library()


@register.simple_tag
def unit_year_plans(unit, user):
    return unit_panel(user, unit)
