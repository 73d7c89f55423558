"""Filters the shared pages' panels use to fetch the register's rows for one partner or unit."""

from django import template

from kehoach.cooperation import selectors

register = template.Library()


@register.filter
def cooperation_register(partner):
    return selectors.partner_register(partner)


@register.filter
def cooperation_unit_register(unit):
    return selectors.unit_register(unit)


@register.filter
def cooperation_task_register(task):
    return selectors.task_register(task)
