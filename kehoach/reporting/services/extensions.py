"""A per-unit extension of a period's report deadline (gia hạn báo cáo), also after the period closed, so a
unit that never reported can still send its report; every grant is kept with its reason."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.workflow import locked

from ..choices import SENT_STATES
from ..models import ReportExtension, ReportingPeriod, UnitReport
from ..selectors import extension_for, extension_open
from .notifications import _d, _notify, _unit_users

__all__ = ["extension_for", "extension_open", "report_extension_grant"]  # the reads are re-exported

if TYPE_CHECKING:
    from kehoach.accounts.models import User


@transaction.atomic
def report_extension_grant(*, period: ReportingPeriod, unit, actor: User, deadline: dt.date | None,
                           reason: str) -> ReportExtension:
    """The coordinator gives one unit a new report deadline for the period (after the original one)."""
    require(actor, "reporting.grant_extension", period)
    report = UnitReport.objects.filter(period=period, unit=unit).first()
    if report is None:
        raise ValidationError({"unit": _("Đơn vị không phải báo cáo trong kỳ này.")})
    report = locked(report)
    if report.state in SENT_STATES:
        raise ValidationError({"unit": _("Đơn vị đã gửi báo cáo của kỳ này.")})
    if deadline is None:
        raise ValidationError({"deadline": _("Hãy chọn hạn gửi mới.")})
    if deadline <= period.deadline:
        raise ValidationError({"deadline": _("Hạn gửi mới (%(new)s) phải sau hạn gửi báo cáo của kỳ (%(old)s).")
                               % {"new": _d(deadline), "old": _d(period.deadline)}})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy nêu lý do gia hạn.")})
    ext = ReportExtension(period=period, unit=unit, deadline=deadline, reason=reason.strip(), granted_by=actor)
    ext.full_clean()
    ext.save()
    audit_log(actor=actor, action="reporting.report_extension", obj=report,
              after=snapshot(ext, ["deadline", "reason"]),
              message=_("Gia hạn đến %(date)s: %(reason)s") % {"date": _d(deadline), "reason": ext.reason})
    _notify(_unit_users([unit.pk]), _("Được gia hạn gửi báo cáo đến %(date)s") % {"date": _d(deadline)},
            ext.reason, report.get_absolute_url())
    return ext
