"""Permission checks used by services: one place that turns a refusal into an error."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require(allowed: bool, message: str) -> None:
    """Refuse with ``message`` (shown to the user) unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message)


def is_manager(user) -> bool:
    """Runs plans: the coordinating department and superusers."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == "coordinator"))
