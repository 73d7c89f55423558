"""Who is told what: the units' focal points and heads, the coordinators."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kehoach.accounts.models import User
from kehoach.accounts.services import notification_create

from ..models import ReportingPeriod


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _unit_users(unit_ids, roles=("focal_point", "unit_head")):
    return User.objects.filter(unit_id__in=unit_ids, role__in=roles, is_active=True)


def _coordinators():
    return User.objects.filter(role="coordinator", is_active=True)


def _notify(users, title: str, body: str = "", url: str = "") -> None:
    for user in users:
        notification_create(user=user, title=title, body=body, url=url)


def _notify_units(period: ReportingPeriod, title: str, body: str) -> None:
    unit_ids = period.obligations.values_list("unit_id", flat=True).distinct()
    _notify(_unit_users(unit_ids, roles=("focal_point",)), title, body, reverse_lazy_home())


def reverse_lazy_home() -> str:
    return reverse("reporting:home")
