"""Panel helpers: the task page asks which proposals touch the task (one query)."""

from django import template

from kehoach.amendments.selectors import proposals_for_task

register = template.Library()


@register.simple_tag
def task_proposals(task, user):
    return list(proposals_for_task(user, task)[:20])
