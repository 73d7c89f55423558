"""Counts for `kehoach status --json`."""
from .selectors import yearplan_counts


def counts() -> dict:
    return {"unit_year_plans_by_state": yearplan_counts()}
