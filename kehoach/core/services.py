"""Writes shared by every app: the audit trail."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .audit import check_action
from .models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` as JSON, for an audit entry's before/after."""
    names = fields or [f.attname for f in obj._meta.concrete_fields if f.name not in ("created_at", "updated_at")]
    return {name: _jsonable(getattr(obj, name, None)) for name in names}


def _entry(*, actor, action: str, obj: models.Model, before: dict | None, after: dict | None, message: str,
           content_type: ContentType | None = None) -> AuditEntry:
    """One audit entry, unsaved: who (a signed-in user, else "system"), what and the object's state."""
    check_action(action)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        actor=user,
        actor_name=(user.get_full_name() or user.get_username()) if user else "system",
        action=action,
        content_type=content_type or ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        message=message,
    )


def audit_log(
    *, actor, action: str, obj: models.Model, before: dict | None = None, after: dict | None = None,
    message: str = "",
) -> AuditEntry:
    """Record one change. Call inside the transaction that makes the change. ``action`` must be registered
    in ``core.audit.ACTIONS`` (its label is what the history pages show)."""
    entry = _entry(actor=actor, action=action, obj=obj, before=before, after=after, message=message)
    entry.save()
    return entry


def audit_log_created(*, actor, action: str, objs: Sequence[models.Model]) -> None:
    """Record the creation of many rows at once (a bulk insert): one entry each, as ``audit_log`` writes it with
    ``after=snapshot(obj)``, in one insert."""
    check_action(action)
    if not objs:
        return
    content_type = ContentType.objects.get_for_model(objs[0], for_concrete_model=True)
    AuditEntry.objects.bulk_create([_entry(actor=actor, action=action, obj=obj, before=None, after=snapshot(obj),
                                           message="", content_type=content_type) for obj in objs])
