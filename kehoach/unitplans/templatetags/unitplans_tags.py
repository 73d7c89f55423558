"""Panel helper for the unit page (one query)."""

from django import template

register = template.Library()


@register.simple_tag
def unit_year_plans(unit, user):
    from kehoach.unitplans.selectors import unit_panel

    return unit_panel(user, unit)
