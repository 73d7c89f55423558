"""Cross-table rules of plans that `kehoach check-data` verifies (each problem is one line)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import F, Max

from .choices import PlanStatus
from .models import Plan, PlanVersion, Task


def problems() -> Iterator[str]:
    latest = dict(PlanVersion.objects.values("plan_id").annotate(n=Max("number")).values_list("plan_id", "n"))
    for plan in Plan.objects.select_related("current_version").only(
            "id", "status", "current_version__id", "current_version__plan_id", "current_version__number"):
        version = plan.current_version
        if version is None:
            if plan.status == PlanStatus.PUBLISHED:
                yield f"plan {plan.pk}: published without a current version"
            continue
        if version.plan_id != plan.pk:
            yield f"plan {plan.pk}: current version {version.pk} belongs to plan {version.plan_id}"
        elif version.number != latest.get(plan.pk):
            yield f"plan {plan.pk}: current version is v{version.number}, the newest is v{latest.get(plan.pk)}"
    for task_id, plan_id, version_plan in Task.objects.exclude(plan_id=F("version__plan_id")).values_list(
            "id", "plan_id", "version__plan_id")[:100]:
        yield f"task {task_id}: in plan {plan_id} but its version belongs to plan {version_plan}"

