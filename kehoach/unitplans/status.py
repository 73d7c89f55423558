"""Counts for `kehoach status --json`."""


def counts() -> dict:
    from .selectors import yearplan_counts

    return {"unit_year_plans_by_state": yearplan_counts()}
