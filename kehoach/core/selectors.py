"""Reads shared by every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404 as django_get_object_or_404

from . import visibility
from .models import AuditEntry


def get_object_or_404(queryset: Any, **lookup: Any) -> Any:
    """Django's ``get_object_or_404`` over a scoped queryset; a malformed key (``pk="abc"``) is a 404 too."""
    try:
        return django_get_object_or_404(queryset, **lookup)
    except (ValueError, TypeError):
        raise Http404 from None


def audit_entries_for(obj: models.Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=str(obj.pk)
    ).select_related("actor", "content_type")


# Who may read an object's trail: the object must be visible to the user through its own app's
# selector. Apps register `visible_or_404(user, pk)` callables here by "app_label.model".
AUDIT_VISIBILITY: dict[str, Callable[[Any, str], models.Model]] = {}


def register_audit_visibility(model_label: str) -> Callable[[Callable], Callable]:
    def decorator(func):
        AUDIT_VISIBILITY[model_label.lower()] = func
        return func

    return decorator


def audit_entries_for_object_or_404(user, app_label: str, model: str, object_id: str):
    """An object's trail, if the object is visible to the user: through its app's registered getter, else
    through its model's visibility rule (``core.visibility``); models with neither have no trail page."""
    label = f"{app_label}.{model}".lower()
    check = AUDIT_VISIBILITY.get(label)
    if check is not None:
        target = check(user, object_id)
    elif label in visibility.rules():
        target = get_object_or_404(visibility.visible(user, label), pk=object_id)
    else:
        raise Http404
    return target, audit_entries_for(target)
