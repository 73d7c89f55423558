"""Counts for `kehoach status --json`."""


def counts() -> dict:
    from kehoach.plans.models import PlanVersion

    from .selectors import proposal_counts

    return {"plan_versions": PlanVersion.objects.count(), "amendments_by_state": proposal_counts()}
