"""The per-user iCalendar feed that Outlook and Google Calendar subscribe to."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .calendar import calendar_items

PAST_DAYS, FUTURE_DAYS = 366, 731


def user_for_token(token: str):
    if not token or len(token) > 64:
        return None
    return get_user_model().objects.filter(feed_token=token, is_active=True).select_related("unit").first()


def build_calendar(user, *, base_url: str, today: dt.date | None = None) -> bytes:
    today = today or timezone.localdate()
    cal = Calendar()
    cal.add("prodid", "-//kehoach//Lich ke hoach//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("kehoach — %(name)s") % {"name": str(user)})
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    base = base_url.rstrip("/")
    for item in calendar_items(user, today - dt.timedelta(days=PAST_DAYS), today + dt.timedelta(days=FUTURE_DAYS)):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)  # a date → DTSTART;VALUE=DATE (all-day)
        event.add("dtend", item.last_day + dt.timedelta(days=1))  # exclusive end for all-day events
        event.add("summary", item.title)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", base + item.url if item.url.startswith("/") else item.url)
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


def feed_for_token(token: str, *, base_url: str) -> bytes | None:
    user = user_for_token(token)
    if user is None:
        return None
    return build_calendar(user, base_url=base_url)
