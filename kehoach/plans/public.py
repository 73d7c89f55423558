"""The public progress page's cache key per plan, bumped by every service that changes what it shows.

The public pages (kehoach.publicsite) cache a plan's data under ``public_cache_key(plan_id)``; a write that
changes a public plan's tasks, progress or accepted reports calls ``public_cache_bump(plan_id)`` after its
transaction commits, so the next signed-out visit rebuilds the data once.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

_VERSION_KEY = "kehoach:public:plan:{}:version"
_LIST_KEY = "kehoach:public:plans:version"


def _version(key: str) -> str:
    value = cache.get(key)
    if value is None:
        value = uuid.uuid4().hex
        cache.set(key, value, None)
    return value


def public_cache_key(plan_id: int | None, *parts: object) -> str:
    """A key that changes whenever the plan's public data (or, for ``None``, the list of public plans) does."""
    base = f"kehoach:public:list:{_version(_LIST_KEY)}" if plan_id is None else \
        f"kehoach:public:plan:{plan_id}:{_version(_VERSION_KEY.format(plan_id))}"
    return ":".join([base, *(str(p) for p in parts)])


def public_cache_bump(plan_id: int, *, listing: bool = False) -> None:
    """Forget the plan's cached public data once the current transaction commits (now, outside one)."""
    def bump():
        cache.delete(_VERSION_KEY.format(plan_id))
        if listing:
            cache.delete(_LIST_KEY)
    transaction.on_commit(bump)
