"""Reporting periods as Decree 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính nhà nước) sets them.

Art. 12: the data of a periodic report run from the 15th of the month before the period to the 14th of its
last month: yearly 15/12 of the year before -> 14/12; six months 15/12 -> 14/06; quarter I 15/12 -> 14/03,
II 15/03 -> 14/06, III 15/06 -> 14/09, IV 15/09 -> 14/12; nine months 15/12 -> 14/09; a month 15th of the
month before -> 14th. Deadlines are set per level (unit -> coordinating department -> ministry), each at
least one working day after the data end.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kehoach.workdays.calendar import WorkCalendar

from .choices import PeriodFrequency

# The level deadlines a period keeps, in the order reports travel upward.
LEVEL_FIELDS = ("deadline", "dept_deadline", "ministry_deadline")


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def data_window(frequency: str, year: int, number: int | None = None) -> tuple[dt.date, dt.date]:
    """The data window of a periodic report (``number``: the quarter 1-4 or the month 1-12)."""
    last_month = {
        PeriodFrequency.YEARLY: 12, PeriodFrequency.HALF_YEAR: 6, PeriodFrequency.NINE_MONTHS: 9,
    }.get(frequency)
    if frequency in (PeriodFrequency.YEARLY, PeriodFrequency.HALF_YEAR, PeriodFrequency.NINE_MONTHS):
        return dt.date(year - 1, 12, 15), dt.date(year, last_month, 14)
    if frequency == PeriodFrequency.QUARTER:
        if number not in (1, 2, 3, 4):
            raise ValueError("quarter must be 1-4")
        end_month = 3 * number
        y, m = _month_before(year, end_month - 2)
        return dt.date(y, m, 15), dt.date(year, end_month, 14)
    if frequency == PeriodFrequency.MONTHLY:
        if number not in range(1, 13):
            raise ValueError("month must be 1-12")
        y, m = _month_before(year, number)
        return dt.date(y, m, 15), dt.date(year, number, 14)
    raise ValueError(f"no fixed window for {frequency}")


def check_period(*, data_start: dt.date | None, data_end: dt.date | None, deadlines: dict[str, dt.date | None],
                 calendar: WorkCalendar) -> dict[str, str]:
    """Errors by field name (empty when the period is sound): the window runs forward, each level's deadline
    falls at least one working day after the data end, and the levels come in order."""
    errors: dict[str, str] = {}
    if data_start and data_end and data_start > data_end:
        errors["data_start"] = _("Ngày bắt đầu số liệu phải trước ngày kết thúc số liệu (%(date)s).") % {
            "date": f"{data_end:%d/%m/%Y}"}
    previous = None
    for name in LEVEL_FIELDS:
        day = deadlines.get(name)
        if day is None:
            continue
        if data_end and calendar.working_days_between(data_end, day) < 1:
            errors[name] = _(
                "Hạn báo cáo %(date)s phải sau ngày kết thúc số liệu (%(end)s) ít nhất một ngày làm việc.") % {
                "date": f"{day:%d/%m/%Y}", "end": f"{data_end:%d/%m/%Y}"}
        elif previous and day < previous[1]:
            errors[name] = _("Hạn của cấp trên (%(date)s) không được trước hạn của cấp dưới (%(lower)s).") % {
                "date": f"{day:%d/%m/%Y}", "lower": f"{previous[1]:%d/%m/%Y}"}
        previous = (name, day)
    return errors
