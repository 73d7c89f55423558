"""Budget pages: list with totals, a unit's own lines, the line form, finance's appraisal, sponsorship list."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.feedback import service_errors
from kehoach.core.rules import require
from kehoach.core.selectors import audit_entries_for
from kehoach.plans.selectors import task_get

from . import selectors, services
from .forms import AppraisalForm, BudgetFilterForm, BudgetLineForm, SpendForm


def home(request):
    require(request.user, "budgets.view")
    form = BudgetFilterForm(request.GET or None)
    filters = form.filters()
    return render(request, "budgets/home.html", {
        "form": form, "lines": selectors.budget_line_list(request.user, filters),
        "totals": {dim: selectors.budget_totals(request.user, dim, filters) for dim in ("unit", "source", "year",
                                                                                         "plan")},
        "grand": selectors.budget_grand_total(request.user, filters),
        "units": selectors.budget_units(request.user), "years": selectors.year_choices(request.user),
    })


def line_create(request):
    require(request.user, "budgets.view")
    require(request.user, "budgets.file_line")
    form = BudgetLineForm(request.POST or None, user=request.user, initial={"task": request.GET.get("task"),
                                                                     "activity": request.GET.get("activity")})
    if request.method == "POST" and form.is_valid():
        with service_errors(form=form):
            line = services.budget_line_save(actor=request.user, data=form.service_data(request.user))
            messages.success(request, _("Đã lưu dòng dự toán."))
            return redirect(line.get_absolute_url())
    return render(request, "budgets/line_form.html", {"form": form})


def line_detail(request, pk: int):
    line = selectors.budget_line_get(request.user, pk)
    form = BudgetLineForm(request.POST or None, user=request.user, initial={
        "unit": line.unit_id, "year": line.year, "title": line.title, "task": line.task_id,
        "activity": line.activity_id, "source": line.source, "currency": line.currency, "amount": line.amount,
        "exchange_rate": line.exchange_rate, "note": line.note})
    if request.method == "POST":
        require(request.user, "budgets.edit_line", line, message=_("Chỉ đơn vị được giao mới được sửa dự toán của mình."))
        if form.is_valid():
            with service_errors(form=form):
                services.budget_line_save(actor=request.user, data=form.service_data(request.user), line=line)
                messages.success(request, _("Đã lưu dòng dự toán."))
                return redirect(line.get_absolute_url())
    return render(request, "budgets/line_detail.html", {
        "line": line, "form": form, "appraisal_form": AppraisalForm(), "spend_form": SpendForm(),
        "spends": line.spends.all(), "audit": audit_entries_for(line)[:50],
    })


@require_POST
def line_submit(request, pk: int):
    line = selectors.budget_line_get(request.user, pk)
    with service_errors(request):
        services.budget_line_submit(line=line, actor=request.user)
        messages.success(request, _("Đã gửi dự toán để Vụ Kế hoạch, Tài chính thẩm định."))
    return redirect(line.get_absolute_url())


def line_appraise(request, pk: int):
    line = selectors.budget_line_get(request.user, pk)
    require(request.user, "budgets.appraise", line)
    form = AppraisalForm(request.POST or None, initial={"approved_amount": line.amount})
    if request.method == "POST" and form.is_valid():
        with service_errors(form=form):
            services.budget_line_appraise(line=line, actor=request.user, approved_amount=form.cleaned_data[
                "approved_amount"], comment=form.cleaned_data["comment"], returned=form.cleaned_data["returned"])
            messages.success(request, _("Đã ghi kết quả thẩm định."))
            return redirect("budgets:appraisal_queue")
    return render(request, "budgets/appraise.html", {"line": line, "form": form})


def appraisal_queue(request):
    require(request.user, "budgets.see_appraisal_queue")
    return render(request, "budgets/appraisal_queue.html", {"lines": selectors.lines_to_appraise(request.user)})


@require_POST
def spend_record(request, pk: int):
    line = selectors.budget_line_get(request.user, pk)
    form = SpendForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(line.get_absolute_url())
    with service_errors(request):
        services.budget_spend_record(line=line, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Đã ghi số đã chi."))
    return redirect(line.get_absolute_url())


def sponsorship(request):
    require(request.user, "budgets.view")
    return render(request, "budgets/sponsorship.html", {"tasks": selectors.sponsorship_projects(request.user)})


@require_POST
def sponsorship_toggle(request, task_pk: int):
    task = task_get(request.user, task_pk)
    services.task_set_seeks_sponsorship(task=task, actor=request.user, value=request.POST.get("value") == "1")
    messages.success(request, _("Đã cập nhật danh mục kêu gọi tài trợ."))
    return redirect(request.POST.get("next") or task.get_absolute_url())
