"""Vietnam's working days: Monday to Friday, less the public holidays (Tết by the lunar calendar, from the
`holidays` package, with the substitute days it knows), plus the administrator's adjustments.

The logic is in ``WorkCalendar`` (no database: tested alone); the module functions read the adjustments
from the database once per call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from .choices import AdjustmentKind
from .models import CalendarAdjustment

# Far enough for any plan; stops a loop on a calendar with no working day at all.
MAX_SPAN_DAYS = 3660


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> tuple[dict, frozenset]:
    """The year's holidays (date -> name) and the weekend days the law makes working days."""
    vn = holidays.VN(years=year, language="vi")
    return dict(vn), frozenset(d for d in vn.weekend_workdays if d.year == year)


def public_holidays(year: int) -> dict[dt.date, str]:
    return dict(_public_holidays(year)[0])


@dataclass
class WorkCalendar:
    """Working days with the given adjustments (date -> True for a make-up working day, False for a day off)."""

    adjustments: dict[dt.date, bool] = field(default_factory=dict)

    def holiday_name(self, day: dt.date) -> str | None:
        return _public_holidays(day.year)[0].get(day)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.adjustments:
            return self.adjustments[day]
        names, weekend_workdays = _public_holidays(day.year)
        if day in names:
            return False
        if day in weekend_workdays:
            return True
        return day.weekday() < 5

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (before it when n < 0); n = 0: ``day`` if it is a working day,
        else the next one."""
        step = 1 if n >= 0 else -1
        remaining, current = abs(n), day
        if n == 0:
            remaining = 1
            current = day - dt.timedelta(days=1)
        for _ in range(MAX_SPAN_DAYS):
            current += dt.timedelta(days=step)
            if self.is_working_day(current):
                remaining -= 1
                if remaining == 0:
                    return current
        raise ValueError("no working day within ten years")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when end is before start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for i in range(1, (end - start).days + 1)
                   if self.is_working_day(start + dt.timedelta(days=i)))


def current_calendar() -> WorkCalendar:
    """The calendar with the active adjustments (one query)."""
    rows = CalendarAdjustment.objects.filter(is_active=True).values_list("date", "kind")
    return WorkCalendar({d: kind == AdjustmentKind.WORKING_DAY for d, kind in rows})


def is_working_day(day: dt.date) -> bool:
    return current_calendar().is_working_day(day)


def add_working_days(day: dt.date, n: int) -> dt.date:
    return current_calendar().add_working_days(day, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return current_calendar().working_days_between(start, end)
