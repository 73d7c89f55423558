"""Parts of a page rendered on their own, to be kept in the cache and served to everyone who may see them."""

from __future__ import annotations

from django.template import Context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# How long a kept fragment may live: an upper bound only, every change that shows moves its key at once.
FRAGMENT_SECONDS = 600


def render_fragment(request, template_name: str, context: dict) -> SafeString:
    """``template_name`` rendered without the context processors: nothing of the signed-in user (name, CSRF
    token, notifications, permissions) can reach it, only ``context`` and the request's query string (for the
    sort and page links). The caller keys the cache on what the context was computed from."""
    template = get_template(template_name).template
    bound = Context({**context, "request": request}, autoescape=template.engine.autoescape)
    bound.request = request  # what {% querystring %} reads (a RequestContext would run the processors)
    return mark_safe(template.render(bound))


def view_key(request) -> tuple:
    """What a kept fragment depends on besides the data: the query string (filters, sort, page), the language,
    and the day (status classes, overdue counts and days left are judged on today)."""
    return (request.GET.urlencode(), get_language(), timezone.localdate().isoformat())
