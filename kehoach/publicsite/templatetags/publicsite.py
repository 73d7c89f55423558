from django import template

from kehoach.plans.services import can_make_public

register = template.Library()


@register.filter
def may_make_public(user) -> bool:
    """Whether the public opt-in button shows (the service checks the same rule)."""
    return can_make_public(user)
