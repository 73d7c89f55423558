"""The public progress pages' cache key per plan, bumped by every service that changes what they show.

The public pages (kehoach.publicsite) cache a plan's data under ``public_cache_key(plan)``, which includes
``Plan.public_version``. A write that changes a plan's tasks, progress, accepted reports or public status
calls ``public_cache_bump(plan_id)`` in its transaction: the counter moves with the change (or not at all if
the transaction rolls back), every process reads the new key, and the next visit rebuilds the data once.
"""

from __future__ import annotations

from django.db.models import F

from .models import Plan


def public_cache_key(plan: Plan, *parts: object) -> str:
    # updated_at too: a full save() from a stale instance could write an older counter back.
    stamp = plan.updated_at.timestamp() if plan.updated_at else 0
    return ":".join(["kehoach:public:plan", str(plan.pk), str(plan.public_version), f"{stamp:.6f}",
                     *(str(p) for p in parts)])


def public_cache_bump(plan_id: int | None) -> None:
    """Make the plan's cached public data stale (one UPDATE; ``update`` leaves ``updated_at`` alone)."""
    if plan_id:
        Plan.objects.filter(pk=plan_id).update(public_version=F("public_version") + 1)
