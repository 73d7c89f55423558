"""Setting a period's Decree 09 particulars: kind, data window, deadlines per level, recipient, method.

A separate seam from the report workflow: it writes the period's own fields only.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.workflow import locked
from kehoach.plans.cache import plan_data_changed
from kehoach.workdays.calendar import current_calendar

from ..choices import PeriodFrequency, ReportRegime, SendingMethod
from ..decree09 import check_period, data_window
from ..models import ReportingPeriod
from .periods import _check_dates

if TYPE_CHECKING:
    from kehoach.accounts.models import User

DECREE09_FIELDS = ["regime", "frequency", "data_start", "data_end", "cutoff", "deadline", "dept_deadline",
                   "ministry_deadline", "recipient", "sending_method"]


@transaction.atomic
def period_set_decree09(*, period: ReportingPeriod, actor: User | None, regime: str = ReportRegime.PERIODIC, frequency: str = "",
                        number: int | None = None, data_start: dt.date | None = None,
                        data_end: dt.date | None = None, dept_deadline: dt.date | None = None,
                        ministry_deadline: dt.date | None = None, recipient: str = "",
                        sending_method: str = "") -> ReportingPeriod:
    """Without explicit dates a periodic report takes the Decree's window for its frequency and year
    (``number``: the quarter or month). The unit deadline stays the period's own (``deadline``)."""
    require(actor, "reporting.configure_period", period)
    period = locked(period)
    errors = {}
    if regime not in ReportRegime.values:
        errors["regime"] = _("Loại báo cáo không hợp lệ.")
    if frequency and frequency not in PeriodFrequency.values:
        errors["frequency"] = _("Tần suất báo cáo không hợp lệ.")
    if sending_method and sending_method not in SendingMethod.values:
        errors["sending_method"] = _("Phương thức gửi không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    if regime == ReportRegime.PERIODIC and frequency and not (data_start and data_end):
        try:
            start, end = data_window(frequency, period.year, number)
        except ValueError as exc:
            raise ValidationError({"number": _("Hãy chọn quý (1–4) hoặc tháng (1–12) của kỳ báo cáo.")}) from exc
        data_start, data_end = data_start or start, data_end or end
    before = snapshot(period, DECREE09_FIELDS)
    period.regime, period.frequency = regime, frequency if regime == ReportRegime.PERIODIC else ""
    period.data_start, period.data_end = data_start, data_end
    period.dept_deadline, period.ministry_deadline = dept_deadline, ministry_deadline
    period.recipient, period.sending_method = (recipient or "").strip(), sending_method
    errors = check_period(data_start=data_start, data_end=data_end, calendar=current_calendar(),
                          deadlines={"deadline": period.deadline, "dept_deadline": dept_deadline,
                                     "ministry_deadline": ministry_deadline})
    if errors:
        if "deadline" in errors and data_end:
            # The plan's own unit deadline comes first: say which data end would fit it.
            errors["data_end"] = errors.pop("deadline")
        raise ValidationError(errors)
    if data_end:
        # The data end is the period's cut-off (ngày chốt số liệu): the reporting rule "cut-off not after the
        # deadline" and the Decree's "a working day between data end and deadline" then speak of one date.
        period.cutoff = data_end
        try:
            _check_dates(period)  # the opening's own rules on the cut-off, said of the data end
        except ValidationError as exc:
            raise ValidationError({"data_end" if k == "cutoff" else k: v
                                   for k, v in exc.message_dict.items()}) from exc
    period.full_clean()
    period.save()
    plan_data_changed(period.plan_id)  # the day its tasks are judged on may have moved
    audit_log(actor=actor, action="reporting.period_decree09", obj=period, before=before,
              after=snapshot(period, DECREE09_FIELDS))
    return period
