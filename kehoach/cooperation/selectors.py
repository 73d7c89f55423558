"""Reads of the cooperation register. The register is open to everyone signed in; edits are scoped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from kehoach.core.rules import may
from kehoach.core.selectors import get_object_or_404, register_audit_visibility
from kehoach.core.text import fold
from kehoach.organizations.models import Country, Organization

from .models import Activity, Agreement, Event

if TYPE_CHECKING:
    from kehoach.accounts.models import User


@dataclass
class ActivityFilters:
    year: int | None = None
    country: str = ""
    partner: int | None = None
    unit: int | None = None
    status: str = ""
    q: str = ""
    plan: int | None = None


def _activity_links(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.select_related("plan", "task").prefetch_related(
        Prefetch("partners", queryset=Organization.objects.select_related("country")), "countries", "units",
    )


def activity_list(user: User, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """Register rows with partners, countries and units: four queries however many rows."""
    f = filters or ActivityFilters()
    qs = Activity.objects.filter(is_archived=False)
    if f.year:
        qs = qs.filter(Q(year_start__lte=f.year) | Q(year_start__isnull=True),
                       Q(year_end__gte=f.year) | Q(year_end__isnull=True))
    if f.country:
        qs = qs.filter(countries__code=f.country.upper())
    if f.partner:
        qs = qs.filter(partners__id=f.partner)
    if f.unit:
        qs = qs.filter(units__id=f.unit)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.plan:
        qs = qs.filter(plan_id=f.plan)
    for word in fold(f.q).split():
        qs = qs.filter(Q(title__icontains=word) | Q(task__search_text__contains=word))
    return _activity_links(qs.distinct().order_by("year_start", "plan_id", "group", "id"))


@register_audit_visibility("cooperation.activity")
def activity_get(user: User, pk) -> Activity:
    return get_object_or_404(_activity_links(Activity.objects.all()), pk=pk)


def country_table() -> list[Country]:
    """Countries with their counts of activities, agreements' partners and events (one query)."""
    return list(Country.objects.annotate(
        activity_count=Count("cooperation_activities", filter=Q(cooperation_activities__is_archived=False),
                             distinct=True),
        event_count=Count("events", filter=Q(events__is_archived=False), distinct=True),
        partner_count=Count("organizations", filter=Q(organizations__kind="partner"), distinct=True),
    ).filter(Q(activity_count__gt=0) | Q(event_count__gt=0) | Q(partner_count__gt=0))
        .order_by("-activity_count", "name_vi"))


def year_table() -> list[tuple[int, int]]:
    """(year, number of activities running that year), from one query."""
    spans = Activity.objects.filter(is_archived=False, year_start__isnull=False).values_list("year_start",
                                                                                            "year_end")
    counts: dict[int, int] = {}
    for start, end in spans:
        assert start is not None  # filtered above
        for year in range(start, (end or start) + 1):
            counts[year] = counts.get(year, 0) + 1
    return sorted(counts.items())


@register_audit_visibility("cooperation.agreement")
def agreement_visible(user: User, pk) -> Agreement:
    """The register is open to everyone signed in, archived rows included (for the audit trail)."""
    return get_object_or_404(Agreement.objects, pk=pk)


@register_audit_visibility("cooperation.event")
def event_visible(user: User, pk) -> Event:
    return get_object_or_404(Event.objects, pk=pk)


def agreements_list(user: User, *, status: str = "", partner: int | None = None) -> QuerySet[Agreement]:
    qs = Agreement.objects.filter(is_archived=False)
    if status:
        qs = qs.filter(status=status)
    if partner:
        qs = qs.filter(partners__id=partner)
    return qs.select_related("owner_unit", "task").prefetch_related(
        Prefetch("partners", queryset=Organization.objects.select_related("country")), "units",
    ).distinct().order_by("-signed_on", "-id")


def events_list(user: User, *, year: int | None = None, kind: str = "", partner: int | None = None) -> QuerySet[Event]:
    qs = Event.objects.filter(is_archived=False)
    if year:
        qs = qs.filter(start_date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if partner:
        qs = qs.filter(partners__id=partner)
    return qs.select_related("country", "owner_unit", "task").prefetch_related("partners", "units") \
        .distinct().order_by("start_date", "id")


def agreement_for_edit(user: User, pk) -> Agreement:
    """An agreement the user may edit; others' look missing (404)."""
    obj = get_object_or_404(Agreement.objects.filter(is_archived=False), pk=pk)
    if not may(user, "cooperation.edit_agreement", obj):
        raise Http404
    return obj


def event_for_edit(user: User, pk) -> Event:
    obj = get_object_or_404(Event.objects.filter(is_archived=False), pk=pk)
    if not may(user, "cooperation.edit_event", obj):
        raise Http404
    return obj


def partner_register(partner: Organization) -> dict:
    """What the register holds for one partner (the partner page's panel): three queries plus prefetches."""
    return {
        "activities": list(Activity.objects.filter(partners=partner, is_archived=False).select_related("plan")
                           .order_by("year_start", "id")),
        "agreements": list(Agreement.objects.filter(partners=partner, is_archived=False).order_by("-signed_on")),
        "events": list(Event.objects.filter(partners=partner, is_archived=False).select_related("country")
                       .order_by("-start_date")),
    }


def unit_register(unit: Organization) -> dict:
    return {
        "activities": list(Activity.objects.filter(units=unit, is_archived=False).order_by("year_start", "id")),
        "agreements": list(Agreement.objects.filter(Q(units=unit) | Q(owner_unit=unit), is_archived=False)
                           .distinct().order_by("-signed_on")),
    }


def register_counts() -> dict:
    return {
        "activities": Activity.objects.filter(is_archived=False).count(),
        "agreements": Agreement.objects.filter(is_archived=False).count(),
        "events": Event.objects.filter(is_archived=False).count(),
        "partners": Organization.objects.filter(kind="partner").count(),
    }


def task_register(task) -> dict:
    """Activities, agreements and events linked to a task (any version of it): three queries."""
    same_task = {"task__plan_id": task.plan_id, "task__lineage": task.lineage, "is_archived": False}
    return {
        "activities": list(Activity.objects.filter(**same_task)),
        "agreements": list(Agreement.objects.filter(**same_task).order_by("-signed_on")),
        "events": list(Event.objects.filter(**same_task).order_by("start_date")),
    }
