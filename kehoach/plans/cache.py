"""Figures cached per plan, under a key every service that changes them moves.

A plan's public pages (kehoach.publicsite), its task-class strip and its periods' dashboard figures read whole
plans (60,000 tasks in a ministry-wide one) on every view, and change far less often than they are read. They
are cached under ``plan_cache_key(plan, ...)``, which includes ``Plan.data_version``. A write that changes a
plan's tasks, progress, deadlines, accepted reports, periods, obligations or public status calls
``plan_data_changed(plan_id)`` in its transaction: the counter moves with the change (or not at all if the
transaction rolls back), every process reads the new key with the plan itself, and the next view computes the
figure once. Nothing has to reach the other processes: the stale entries are never asked for again and expire.

Lists across plans (the task list) are kept under the portfolio's stamp instead: the number of plans, the sum
of their data versions and their latest ``updated_at``, one aggregate over the plans table (a few thousand rows
at most, far fewer than their tasks), with the latest saved unit (an index). Any plan's change moves it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar, cast

from django.core.cache import cache
from django.db.models import Count, F, Max, Subquery, Sum

from kehoach.organizations.models import Organization

from .models import Plan

T = TypeVar("T")
SECONDS = 6 * 3600


def plan_cache_key(plan: Plan, *parts: object) -> str:
    # updated_at too: a full save() from a stale instance could write an older counter back.
    stamp = plan.updated_at.timestamp() if plan.updated_at else 0
    return ":".join(["kehoach:plan", str(plan.pk), str(plan.data_version), f"{stamp:.6f}",
                     *(str(p) for p in parts)])


def plan_data_changed(plan_id: int | None) -> None:
    """Make the plan's cached figures stale (one UPDATE; ``update`` leaves ``updated_at`` alone)."""
    if plan_id:
        Plan.objects.filter(pk=plan_id).update(data_version=F("data_version") + 1)


def kept_for_plan(plan: Plan, name: str, arguments: object, compute: Callable[[], T], *,
                  seconds: int = SECONDS) -> T:
    """``compute()``, or its value cached under the plan's key as it was read (with the plan, before
    computing: a change committed meanwhile moves the key, so the next view recomputes). ``arguments`` is
    anything whose ``repr`` tells the results apart (filters, the day judged on, a page of units)."""
    digest = hashlib.sha1(repr(arguments).encode()).hexdigest()[:20]
    return cast(T, cache.get_or_set(plan_cache_key(plan, name, digest), compute, seconds))


def portfolio_stamp() -> str:
    """What every plan's key moves with, in one value: counters only grow and a save moves ``updated_at``; and
    the latest saved unit, so a unit renamed in the registry shows at once in what names it (the overview)."""
    latest_unit = Organization.objects.order_by("-updated_at").values("updated_at")[:1]
    row = Plan.objects.order_by().aggregate(n=Count("id"), v=Sum("data_version"), u=Max("updated_at"),
                                            units=Max(Subquery(latest_unit)))
    return ":".join([str(row["n"]), str(row["v"] or 0), *(f"{row[k].timestamp() if row[k] else 0:.6f}"
                                                          for k in ("u", "units"))])


def kept_for_portfolio(name: str, arguments: object, compute: Callable[[], T], *, seconds: int = SECONDS) -> T:
    """``kept_for_plan`` for a figure or fragment read across plans (the stamp is read before computing)."""
    digest = hashlib.sha1(repr(arguments).encode()).hexdigest()[:20]
    return cast(T, cache.get_or_set(f"kehoach:portfolio:{portfolio_stamp()}:{name}:{digest}", compute, seconds))
