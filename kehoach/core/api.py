"""API plumbing shared by every app: pagination and the one exception handler."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


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
    return drf_exception_handler(exc, context)


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
