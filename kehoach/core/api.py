"""API plumbing shared by every app: pagination, the one exception handler and the one permission class."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework import views as drf_views
from rest_framework.pagination import PageNumberPagination

from .permissions_api import RulePermission  # noqa: F401 - the API's permission class, re-exported


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """Services raise Django's errors; the API answers 400 / 403 / 404 with their message.

    A ValidationError keeps its fields ({"reason": [...]}) when it has them, else {"detail": [...]}.
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, ObjectDoesNotExist):
        exc = exceptions.NotFound(str(exc) or None)
    return drf_views.exception_handler(exc, context)


class BoundedPagination(Pagination):
    """Page numbers with a count that stops at 10,000 (`count_is_bounded` says when it did)."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_bounded"] = self.page.paginator.is_bounded
        return response

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        result["properties"]["count_is_bounded"] = {"type": "boolean"}
        return result

    def django_paginator_class(self, object_list, per_page):
        from .pagination import BoundedPaginator

        return BoundedPaginator(object_list, per_page)


# -- Query values and bodies: validated, a 400 naming the field (issue 15) ----------------------------------

#: The largest id a database key holds (a bigger number is no id, not a server error).
MAX_ID = 2**63 - 1


def query_int(params, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """An integer query parameter (``?plan=12``), ``None`` when absent or empty; otherwise a 400 naming it."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw) if len(raw) <= 20 else None
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise exceptions.ValidationError({name: [_("Tham số “%(name)s” phải là số nguyên từ %(min)s đến %(max)s.")
                                                 % {"name": name, "min": minimum, "max": maximum}]})
    return value


def query_choice(params, name: str, choices) -> str:
    """A query parameter from a fixed list, ``""`` when absent; otherwise a 400 naming it and the choices."""
    raw = params.get(name) or ""
    allowed = [str(c[0]) if isinstance(c, tuple) else str(c) for c in choices]
    if raw and raw not in allowed:
        raise exceptions.ValidationError({name: [_("Tham số “%(name)s” phải là một trong: %(choices)s.")
                                                 % {"name": name, "choices": ", ".join(allowed)}]})
    return raw
