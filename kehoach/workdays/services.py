"""Writes to the working calendar: an administrator enters or withdraws the Government's adjustments."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot

from .calendar import WorkCalendar
from .choices import AdjustmentKind
from .models import CalendarAdjustment

FIELDS = ["date", "kind", "note", "is_active"]


@transaction.atomic
def calendar_adjustment_set(*, actor, date: dt.date, kind: str, note: str = "") -> CalendarAdjustment:
    """Enter (or change) the adjustment of one day; a day already so is refused, naming the field."""
    require(actor, "workdays.edit_calendar")
    if kind not in AdjustmentKind.values:
        raise ValidationError({"kind": _("Loại điều chỉnh không hợp lệ.")})
    adjustment = CalendarAdjustment.objects.select_for_update().filter(date=date).first()
    before = snapshot(adjustment, FIELDS) if adjustment else None
    adjustment = adjustment or CalendarAdjustment(date=date, created_by=actor if actor.pk else None)
    adjustment.kind, adjustment.note, adjustment.is_active = kind, (note or "").strip(), True
    # A make-up working day on a weekday that is already worked, or a day off on a day already off,
    # changes nothing: say so rather than store a no-op the reader would misread.
    plain = WorkCalendar().is_working_day(date)
    if plain == (kind == AdjustmentKind.WORKING_DAY):
        raise ValidationError({"date": _("Ngày %(date)s vốn đã là %(what)s.") % {
            "date": f"{date:%d/%m/%Y}",
            "what": _("ngày làm việc") if plain else _("ngày nghỉ")}})
    adjustment.full_clean()
    adjustment.save()
    audit_log(actor=actor, action="workdays.adjustment_set", obj=adjustment, before=before,
              after=snapshot(adjustment, FIELDS))
    return adjustment


@transaction.atomic
def calendar_adjustment_withdraw(*, actor, adjustment: CalendarAdjustment) -> CalendarAdjustment:
    require(actor, "workdays.edit_calendar")
    before = snapshot(adjustment, FIELDS)
    adjustment.is_active = False
    adjustment.save(update_fields=["is_active", "updated_at"])
    audit_log(actor=actor, action="workdays.adjustment_withdraw", obj=adjustment, before=before,
              after=snapshot(adjustment, FIELDS))
    return adjustment
