"""The API's JSON parser (its own module: DRF imports it while reading its settings, before core.api loads)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

#: How deep a JSON body may nest (the API's bodies nest three levels at most).
MAX_JSON_DEPTH = 32


def _depth(value, limit: int) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise exceptions.ParseError(_("Dữ liệu JSON lồng nhau quá sâu (tối đa %(n)s cấp).") % {"n": limit})
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with a nesting limit: a deeply nested body is a 400, never a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("Dữ liệu JSON lồng nhau quá sâu.")) from None
        _depth(data, MAX_JSON_DEPTH)
        return data
