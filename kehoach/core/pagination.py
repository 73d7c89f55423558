"""Pages of long lists whose cost does not grow with the list: the count stops at a bound."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

PAGE_SIZE = 25
COUNT_BOUND = 10_000
# A text search counts its matches to here: a substring match scans the column as it counts, and past a
# thousand matches the reader narrows the search rather than pages through it ("1.000+").
SEARCH_COUNT_BOUND = 1_000


class BoundedPaginator(Paginator):
    """Counts at most `bound` rows (one `COUNT(*)` over a `LIMIT` subquery); the page shows "10 000+" beyond."""

    def __init__(self, object_list, per_page=PAGE_SIZE, *, bound: int = COUNT_BOUND, **kwargs):
        self.bound = bound
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()  # counting needs no sort (the database would sort every row first)
            if hasattr(rows, "_prefetch_related_lookups"):
                rows = rows.prefetch_related(None)
        return rows[: self.bound + 1].count()

    @property
    def is_bounded(self) -> bool:
        return self.count > self.bound

    @property
    def shown_count(self) -> int:
        return min(self.count, self.bound)


def bounded_counts(*querysets, bound: int = COUNT_BOUND) -> list[int]:
    """``BoundedPaginator(qs).count`` for each queryset, in one statement (one round trip and one query of a
    page's budget however many lists it counts): ``SELECT (SELECT COUNT(*) FROM (…LIMIT n)), …``."""
    if not querysets:
        return []
    parts, params = [], []
    for i, qs in enumerate(querysets):
        rows = qs.order_by().prefetch_related(None).values("pk")[: bound + 1]
        sql, part_params = rows.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{i})")
        params.extend(part_params)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [int(n) for n in cursor.fetchone()]


def page_of(object_list, request, *, per_page: int = PAGE_SIZE, param: str = "page", count: int | None = None,
            bound: int = COUNT_BOUND):
    """The requested page of a queryset (a bad or too-high page number gives the nearest page). ``count``:
    the number of rows when the caller already knows it (no COUNT query then)."""
    paginator = BoundedPaginator(object_list, per_page, bound=bound)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get(param))
