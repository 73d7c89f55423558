"""Counts for `kehoach status --json`."""
from .selectors import proposal_counts


def counts() -> dict:
    # plan_versions comes from the plans app
    return {"amendments_by_state": proposal_counts()}
