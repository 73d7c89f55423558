"""Role predicates the apps' rule books share (``kehoach.core.rules``); refusals go through ``rules.require``."""

from __future__ import annotations


def is_manager(user) -> bool:
    """Runs plans: the coordinating department and superusers."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == "coordinator"))
