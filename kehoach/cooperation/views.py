"""Pages of the cooperation register and the calendar; thin: selectors read, services write."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.feedback import service_errors
from kehoach.core.rules import may, require
from kehoach.core.selectors import audit_entries_for
from kehoach.plans.selectors import plan_get

from . import selectors, services
from .calendar import calendar_items, month_grid
from .forms import ActivityFilterForm, ActivityStatusForm, AgreementForm, EventFilterForm, EventForm
from .ical import feed_for_token


def home(request):
    form = ActivityFilterForm(request.GET or None)
    return render(request, "cooperation/home.html", {
        "form": form, "activities": selectors.activity_list(request.user, form.filters()),
        "countries": selectors.country_table(), "years": selectors.year_table(),
        "counts": selectors.register_counts(),
    })


def countries(request):
    return render(request, "cooperation/country_list.html", {"countries": selectors.country_table()})


def activity_detail(request, pk: int):
    activity = selectors.activity_get(request.user, pk)
    form = ActivityStatusForm(request.POST or None, initial={"status": activity.status, "note": activity.note})
    if request.method == "POST":
        require(request.user, "cooperation.edit_activity", activity,
                message=_("Bạn không được cập nhật hoạt động này."))
        if form.is_valid():
            services.activity_set_status(activity=activity, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã cập nhật trạng thái hoạt động."))
            return redirect(activity.get_absolute_url())
    return render(request, "cooperation/activity_detail.html", {
        "activity": activity, "form": form, "audit": audit_entries_for(activity)[:50],
        "budget_lines": activity.budget_lines.filter(is_archived=False).select_related("unit")
        if may(request.user, "cooperation.see_activity_budget") else [],
    })


def agreement_list(request):
    return render(request, "cooperation/agreement_list.html", {
        "agreements": selectors.agreements_list(request.user, status=request.GET.get("status", "")),
        "today": timezone.localdate(),
    })


def _edit(request, *, form_class, service, kind: str, obj=None):
    require(request.user, "cooperation.file_record")
    initial = {} if obj else {"task": request.GET.get("task")}
    form = form_class(request.POST or None, request.FILES or None, instance=obj, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form=form):
            saved = service(actor=request.user, data=form.cleaned_data, **({kind: obj} if obj else {}))
            messages.success(request, _("Đã lưu: %(title)s") % {"title": saved.title})
            return redirect(f"cooperation:{kind}_list")
    return render(request, "cooperation/record_form.html", {
        "form": form, "object": obj, "kind": kind, "audit": audit_entries_for(obj)[:50] if obj else [],
    })


def agreement_create(request):
    return _edit(request, form_class=AgreementForm, service=services.agreement_save, kind="agreement")


def agreement_edit(request, pk: int):
    return _edit(request, form_class=AgreementForm, service=services.agreement_save, kind="agreement",
                 obj=selectors.agreement_for_edit(request.user, pk))


def event_list(request):
    form = EventFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return render(request, "cooperation/event_list.html", {
        "form": form,
        "events": selectors.events_list(request.user, year=data.get("year"), kind=data.get("kind") or ""),
    })


def event_create(request):
    return _edit(request, form_class=EventForm, service=services.event_save, kind="event")


def event_edit(request, pk: int):
    return _edit(request, form_class=EventForm, service=services.event_save, kind="event",
                 obj=selectors.event_for_edit(request.user, pk))


@require_POST
def record_archive(request, kind: str, pk: int):
    getter = {"agreement": selectors.agreement_for_edit, "event": selectors.event_for_edit}.get(kind)
    if getter is None:
        raise Http404
    services.record_archive(obj=getter(request.user, pk), actor=request.user)
    messages.success(request, _("Đã lưu trữ."))
    return redirect(f"cooperation:{kind}_list")


@require_POST
def activities_sync(request, plan_pk: int):
    plan = plan_get(request.user, plan_pk)
    activities = services.activities_sync_from_plan(plan=plan, actor=request.user)
    messages.success(request, _("Đã đồng bộ %(n)s hoạt động hợp tác quốc tế.") % {"n": len(activities)})
    return redirect(f"{reverse('cooperation:home')}?plan={plan.pk}")


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = int(request.GET.get("y", today.year)), int(request.GET.get("m", today.month))
        dt.date(year, month, 1)
    except (TypeError, ValueError):
        return today.year, today.month
    return (year, month) if 1900 <= year <= 2200 else (today.year, today.month)


def calendar(request):
    year, month = _month(request)
    first = dt.date(year, month, 1)
    weeks_probe = month_grid(year, month, [])
    start, end = weeks_probe[0][0]["date"], weeks_probe[-1][-1]["date"]
    items = calendar_items(request.user, start, end)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    return render(request, "cooperation/calendar.html", {
        "first": first, "weeks": month_grid(year, month, items), "prev": prev_month, "next": next_month,
        "month_items": [i for i in items if i.start.month == month or i.last_day.month == month],
        "feed_url": request.build_absolute_uri(f"/calendar/feed/{request.user.feed_token}.ics"),
        "today": timezone.localdate(),
    })


@login_not_required  # calendar apps fetch it without a session; the token in the URL is the key
def ical_feed(request, token: str):
    """The user's calendar as iCalendar, found by their feed token alone (calendar apps do not sign in)."""
    body = feed_for_token(token, base_url=request.build_absolute_uri("/"))
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kehoach.ics"'
    return response
