"""What the calendar page and iCal feed show: a registry of sources other apps can append to.

A source is ``callable(user, start: date, end: date) -> Iterable[CalendarItem]`` returning only what
``user`` may see, in a fixed number of queries. ``reporting`` can add its periods with
``calendar_sources.append(my_source)`` (e.g. in its AppConfig.ready).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kehoach.plans.choices import UNDATED_KINDS, AssignmentRole, PlanStatus
from kehoach.plans.models import ReportingDeadline, Task
from kehoach.plans.selectors import plans_visible_to

from .choices import AgreementStatus
from .models import Agreement, Event


@dataclass(frozen=True)
class CalendarItem:
    uid: str  # stable per item so subscribed calendars update instead of duplicating
    start: dt.date
    title: str
    kind: str  # deadline | event | agreement | task | any kind another app adds
    end: dt.date | None = None  # inclusive last day
    url: str = ""
    description: str = ""

    @property
    def last_day(self) -> dt.date:
        return self.end or self.start

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.last_day


Source = Callable[[object, dt.date, dt.date], Iterable[CalendarItem]]


def reporting_deadlines(user, start: dt.date, end: dt.date) -> Iterable[CalendarItem]:
    """Yearly reporting deadlines of published plans, for every year in the range (two queries)."""
    plans = plans_visible_to(user).filter(status=PlanStatus.PUBLISHED)
    for deadline in ReportingDeadline.objects.filter(plan__in=plans).select_related("plan"):
        for year in range(start.year, end.year + 1):
            day = min(deadline.day, pycalendar.monthrange(year, deadline.month)[1])
            date = dt.date(year, deadline.month, day)
            if start <= date <= end:
                plan = deadline.plan
                yield CalendarItem(
                    uid=f"deadline-{plan.pk}-{date:%Y%m%d}@kehoach", start=date, kind="deadline",
                    title=_("Hạn báo cáo: %(plan)s") % {"plan": Truncator(plan.full_title).chars(90)},
                    url=plan.get_absolute_url(), description=deadline.text or plan.full_title)


def cooperation_events(user, start: dt.date, end: dt.date) -> Iterable[CalendarItem]:
    events = (Event.objects.filter(is_archived=False, start_date__lte=end)
              .filter(Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start))
              .select_related("country").order_by("start_date", "id"))
    for event in events:
        place = ", ".join(p for p in [event.place, event.country.name_vi if event.country else ""] if p)
        yield CalendarItem(uid=f"event-{event.pk}@kehoach", start=event.start_date, end=event.end_date,
                           kind="event", title=event.title, url=event.get_absolute_url(),
                           description=" · ".join(p for p in [event.get_kind_display(), place] if p))


def agreement_expiries(user, start: dt.date, end: dt.date) -> Iterable[CalendarItem]:
    qs = Agreement.objects.filter(is_archived=False, expires_on__range=(start, end),
                                  status__in=[AgreementStatus.SIGNED, AgreementStatus.DRAFTING])
    for agreement in qs.order_by("expires_on", "id"):
        yield CalendarItem(uid=f"agreement-expiry-{agreement.pk}@kehoach", start=agreement.expires_on,
                           kind="agreement", title=_("Hết hiệu lực: %(title)s") % {"title": agreement.title},
                           url=agreement.get_absolute_url(), description=agreement.get_kind_display())


def task_milestones(user, start: dt.date, end: dt.date) -> Iterable[CalendarItem]:
    """Dated tasks of published plans ending in the range; a unit sees the tasks it leads or coordinates."""
    plans = plans_visible_to(user).filter(status=PlanStatus.PUBLISHED)
    qs = (Task.objects.filter(plan__in=plans, is_archived=False, timeframe_end__range=(start, end))
          .exclude(timeframe_kind__in=UNDATED_KINDS)
          .filter(version_id=F("plan__current_version_id")))
    if user.is_unit_member and not user.sees_all_units:
        qs = qs.filter(assignments__organization_id=user.unit_id,
                       assignments__role__in=[AssignmentRole.LEAD, AssignmentRole.COORDINATING])
    for task in qs.select_related("plan").distinct().order_by("timeframe_end", "id"):
        yield CalendarItem(uid=f"task-{task.lineage}@kehoach", start=task.timeframe_end, kind="task",
                           title=_("Hạn nhiệm vụ: %(task)s") % {"task": Truncator(str(task)).chars(90)},
                           url=task.get_absolute_url(),
                           description=f"{task.timeframe_raw} · {Truncator(task.plan.full_title).chars(150)}")


calendar_sources: list[Source] = [reporting_deadlines, cooperation_events, agreement_expiries, task_milestones]


def calendar_items(user, start: dt.date, end: dt.date) -> list[CalendarItem]:
    """Everything every registered source shows ``user`` between ``start`` and ``end``, by date."""
    items = [item for source in calendar_sources for item in source(user, start, end)]
    return sorted(items, key=lambda i: (i.start, i.kind, i.title))


def month_grid(year: int, month: int, items: list[CalendarItem]) -> list[list[dict]]:
    """Weeks (Monday first) of day cells, each with the items that fall on it."""
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"date": day, "in_month": day.month == month,
                       "items": [i for i in items if i.covers(day)]} for day in week])
    return weeks
