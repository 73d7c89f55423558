"""Changes to the working calendar the Government announces each year (make-up working days, extra days off)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel

from .choices import AdjustmentKind


class CalendarAdjustment(TimeStampedModel):
    """One day the Government moved: a Saturday worked to make up for a bridge day, or an extra day off.

    Entered by an administrator from the announcement (e.g. the Ministry of Home Affairs' notice on Tết);
    withdrawn by deactivating, never deleted, so past deadlines stay explainable."""

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=AdjustmentKind.choices)
    note = models.CharField(_("căn cứ / ghi chú"), max_length=300, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("ngày điều chỉnh lịch làm việc")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"
