"""Reporting pages: thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.feedback import service_errors
from kehoach.core.files import stored_file_response
from kehoach.core.fragments import FRAGMENT_SECONDS, render_fragment, view_key
from kehoach.core.rules import may, require
from kehoach.plans.cache import kept_for_plan, kept_for_portfolio
from kehoach.plans.choices import TaskClass
from kehoach.plans.selectors import plan_get

from . import selectors, services
from .forms import (
    AdHocPeriodForm,
    Decree09PeriodForm,
    EvidenceForm,
    ExtensionForm,
    ReasonForm,
    YearlyPeriodForm,
)
from .services.decree09 import DECREE09_FIELDS, period_set_decree09


def home(request):
    context = selectors.home_for(request.user)
    return render(request, "reporting/home.html", context)


def period_open(request, plan_pk: int):
    require(request.user, "reporting.open_period")
    plan = plan_get(request.user, plan_pk)
    yearly = YearlyPeriodForm(request.POST if request.POST.get("kind") == "yearly" else None,
                              initial={"year": request.GET.get("year")})
    adhoc = AdHocPeriodForm(request.POST if request.POST.get("kind") == "ad_hoc" else None)
    form = yearly if request.POST.get("kind") == "yearly" else adhoc
    if request.method == "POST" and form.is_valid():
        with service_errors(request, each=True):
            if form is yearly:
                period = services.period_open_yearly(plan=plan, actor=request.user, **form.cleaned_data)
            else:
                period = services.period_open_ad_hoc(plan=plan, actor=request.user, **form.cleaned_data)
            # Next: the period's Decree 09 particulars (kind, data window, deadlines per level…).
            messages.success(request, _("Đã mở kỳ báo cáo. Hãy kiểm tra thông tin theo Nghị định 09 của kỳ."))
            return redirect("reporting:period_decree09", pk=period.pk)
    return render(request, "reporting/period_open.html", {"plan": plan, "yearly": yearly, "adhoc": adhoc})


def period_detail(request, pk: int):
    period = selectors.period_get(request.user, pk)
    if not may(request.user, "reporting.see_dashboard", period):
        return redirect("reporting:home")
    # The figures and tables are the same for everyone who may see the dashboard: rendered once, kept until
    # the plan's data, the period, its reports or extensions, or a unit's name change.
    key = (period.pk, selectors.reporting_stamp(period), *view_key(request))
    parts = kept_for_plan(period.plan, "period-dashboard", key, lambda: _dashboard_parts(request, period),
                          seconds=FRAGMENT_SECONDS)
    return render(request, "reporting/period_dashboard.html", {
        "period": period, "days_left": selectors.period_days_left(period),
        "figures": mark_safe(parts["figures"]), "unit_options": mark_safe(parts["unit_options"])})


def _dashboard_parts(request, period) -> dict[str, str]:
    context = selectors.period_dashboard(period, page=request.GET.get("page"), task_page=request.GET.get("tpage"))
    # The trend of the units on this page of the matrix: a period of 3,000 units is read a page at a time.
    figures = selectors.period_figures_kept(period, [r.unit_id for r in context["reports"]])
    context["class_rows"] = [(value, label, figures["class_counts"][value]) for value, label in TaskClass.choices]
    context["class_as_of"] = selectors.period_as_of(period)
    context["trend"] = figures["trend"]
    return {"figures": str(render_fragment(request, "reporting/_period_figures.html", context)),
            "unit_options": str(render_fragment(request, "reporting/_extension_unit_options.html", context))}


def period_history(request, pk: int):
    """The plan's history across years (units × years, tasks × years), paged; loaded into the dashboard by htmx
    as the user reaches it, and a page of its own without script."""
    period = selectors.period_get(request.user, pk)
    if not may(request.user, "reporting.see_dashboard", period):
        return redirect("reporting:home")
    # The same for everyone who may see it, and read far more than the reports change: kept like the dashboard.
    key = (period.pk, selectors.reporting_stamp(period, across_years=True), *view_key(request))
    history = mark_safe(kept_for_plan(period.plan, "period-history", key, lambda: str(render_fragment(
        request, "reporting/_period_history.html", {"period": period, "history": selectors.plan_history(
            period.plan, unit_page=request.GET.get("hupage"), task_page=request.GET.get("htpage"))})),
        seconds=FRAGMENT_SECONDS))
    if request.headers.get("HX-Request"):
        return HttpResponse(history)
    return render(request, "reporting/period_history.html", {"period": period, "history": history})


def period_decree09(request, pk: int):
    """The coordinator sets the period's Decree 09 particulars; refused input comes back with each field's
    message (HTTP 400) and nothing written."""
    period = selectors.period_get(request.user, pk)
    require(request.user, "reporting.configure_period", period)
    initial = {name: getattr(period, name) for name in DECREE09_FIELDS if name != "deadline"}
    initial["data_end"] = period.data_end or period.cutoff
    form = Decree09PeriodForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                period_set_decree09(period=period, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    # Each message names its field, also when read away from the form (a screen reader's list).
                    label = form.fields[field].label if field in form.fields else None
                    form.add_error(field if label else None, [f"{label}: {e}" if label else e for e in errors])
            else:
                messages.success(request, _("Đã lưu thông tin kỳ báo cáo theo Nghị định 09."))
                return redirect(period)
        status = 400
    return render(request, "reporting/period_decree09.html", {"period": period, "form": form}, status=status)


@require_POST
def extension_grant(request, pk: int):
    """The coordinator extends one unit's report deadline for the period (also after closing)."""
    period = selectors.period_get(request.user, pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(period)
    unit = selectors.period_unit_get(period, form.cleaned_data["unit"])
    with service_errors(request, each=True):
        services.report_extension_grant(period=period, unit=unit, actor=request.user,
                                        deadline=form.cleaned_data["deadline"], reason=form.cleaned_data["reason"])
        messages.success(request, _("Đã gia hạn gửi báo cáo cho %(unit)s.") % {"unit": unit.name})
    return redirect(period)


@require_POST
def period_close(request, pk: int):
    period = selectors.period_get(request.user, pk)
    with service_errors(request, each=True):
        services.period_close(period=period, actor=request.user)
        messages.success(request, _("Đã đóng kỳ báo cáo."))
    return redirect(period)


def report_detail(request, pk: int):
    report = selectors.report_get(request.user, pk)
    context = {"report": report, "period": report.period, "extension": selectors.extension_for(report),
               "reason_form": ReasonForm(), "evidence_form": EvidenceForm(), **selectors.report_detail(report)}
    return render(request, "reporting/report_detail.html", context)


def _entries_from_post(post) -> dict:
    entries: dict = {}
    for key, value in post.items():
        if key.startswith("e-") and key.count("-") >= 2:
            _prefix, entry_id, name = key.split("-", 2)
            if entry_id.isdigit():
                entries.setdefault(int(entry_id), {})[name] = value
    return entries


def _entry_versions_from_post(post) -> dict:
    """`v-<entry id>`: the version of each task row the page was drawn with."""
    return {int(k[2:]): int(v) for k, v in post.items() if k.startswith("v-") and k[2:].isdigit() and v.isdigit()
            and len(v) < 10}


@require_POST
def report_save(request, pk: int):
    report = selectors.report_get(request.user, pk)
    version = request.POST.get("version", "")
    confirm = False
    try:
        if not version.isdigit() or len(version) > 9:
            raise ValidationError(_("Thiếu hoặc sai phiên bản báo cáo; hãy tải lại trang."))
        report = services.report_save_draft(report=report, actor=request.user, version=int(version),
                                            data=request.POST, entries=_entries_from_post(request.POST),
                                            entry_versions=_entry_versions_from_post(request.POST) or None,
                                            confirm_unapprove=request.POST.get("confirm_unapprove") == "1")
        ok, text = True, _("Đã lưu lúc %(t)s") % {"t": report.updated_at.astimezone().strftime("%H:%M:%S")}
    except ValidationError as exc:
        ok, text = False, " ".join(exc.messages)
        confirm = getattr(exc, "code", None) == "confirm_unapprove"
    if request.headers.get("HX-Request"):
        versions = list(report.entries.values_list("id", "version")) if ok else []
        return render(request, "reporting/_save_status.html", {"ok": ok, "text": text, "report": report,
                                                               "confirm": confirm, "versions": versions},
                      status=200 if ok else 422)
    (messages.success if ok else messages.error)(request, text)
    return redirect(report)


@require_POST
def report_action(request, pk: int, action: str):
    report = selectors.report_get(request.user, pk)
    version = request.POST.get("version") or None
    with service_errors(request, each=True):
        if action == "approve":
            services.report_approve(report=report, actor=request.user, version=version)
        elif action == "submit":
            services.report_submit(report=report, actor=request.user, version=version)
        elif action == "accept":
            confirm = {int(x) for x in request.POST.getlist("confirm") if x.isdigit()}
            public = {int(x) for x in request.POST.getlist("public") if x.isdigit()}
            services.report_accept(report=report, actor=request.user,
                                   confirm_completed=confirm if "confirm_sent" in request.POST else None,
                                   approve_public=public if "public_sent" in request.POST else None)
        elif action == "return":
            services.report_return(report=report, actor=request.user, reason=request.POST.get("reason", ""))
        elif action == "reopen":
            services.report_reopen(report=report, actor=request.user, reason=request.POST.get("reason", ""))
        else:
            raise PermissionDenied
        messages.success(request, _("Đã cập nhật trạng thái báo cáo."))
    return redirect(report)


@require_POST
def evidence_upload(request, pk: int):
    entry = selectors.entry_get(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        with service_errors(request, each=True):
            services.evidence_add(entry=entry, actor=request.user, upload=form.cleaned_data["file"])
            messages.success(request, _("Đã đính kèm tệp minh chứng."))
    else:
        messages.error(request, _("Hãy chọn tệp minh chứng."))
    return redirect(entry.report)


def evidence_download(request, pk: int):
    evidence = selectors.evidence_get(request.user, pk)
    return stored_file_response(evidence.file, filename=evidence.original_name)


def overview(request):
    require(request.user, "reporting.see_overview")
    user = request.user
    # Roll-ups over every plan, read by leadership far more than the plans change: kept under the portfolio's
    # stamp, per visibility of the plans and periods.
    key = (selectors.period_visibility_scope(user), *view_key(request))
    tables = kept_for_portfolio("overview", key, lambda: str(render_fragment(
        request, "reporting/_overview_tables.html", selectors.overview(
            user, page=request.GET.get("page"), unit_page=request.GET.get("unit_page")))),
        seconds=FRAGMENT_SECONDS)
    return render(request, "reporting/overview.html", {"tables": mark_safe(tables)})


@require_POST
def input_save(request, pk: int, task_pk: int):
    """A coordinating unit's contribution on one task of an open period."""
    period = selectors.period_get(request.user, pk)
    task = selectors.input_task_get(request.user, period, task_pk)
    with service_errors(request, each=True):
        services.coordinator_input_save(period=period, task=task, actor=request.user,
                                        text=request.POST.get("text", ""))
        messages.success(request, _("Đã gửi thông tin phối hợp."))
    return redirect("reporting:home")
