from django.db.models import Count, F

from .choices import PlanStatus
from .models import Plan, PlanVersion, Task


def counts() -> dict:
    by_status = dict(Plan.objects.values_list("status").annotate(n=Count("id")))
    current_tasks = Task.objects.filter(version_id=F("plan__current_version_id"), is_archived=False)
    return {
        # "plans" and "tasks" count what is in force: published plans and their current tasks.
        "plans": by_status.get(PlanStatus.PUBLISHED, 0),
        "tasks": current_tasks.filter(plan__status=PlanStatus.PUBLISHED).count(),
        "plans_by_status": {s: by_status.get(s, 0) for s in PlanStatus.values},
        "plan_versions": PlanVersion.objects.filter(plan__status=PlanStatus.PUBLISHED).count(),
    }
