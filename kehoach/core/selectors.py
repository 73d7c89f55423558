"""Reads shared by every app."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404 as django_get_object_or_404

from .models import AuditEntry


def get_object_or_404(queryset, **lookup):
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
AUDIT_VISIBILITY: dict[str, object] = {}


def register_audit_visibility(model_label: str):
    def decorator(func):
        AUDIT_VISIBILITY[model_label.lower()] = func
        return func

    return decorator


def audit_entries_for_object_or_404(user, app_label: str, model: str, object_id: str):
    check = AUDIT_VISIBILITY.get(f"{app_label}.{model}".lower())
    if check is None:
        raise Http404
    target = check(user, object_id)
    return target, audit_entries_for(target)
