"""Counts for `kehoach status --json`."""


def counts() -> dict:
    from .selectors import proposal_counts

    # plan_versions comes from the plans app
    return {"amendments_by_state": proposal_counts()}
