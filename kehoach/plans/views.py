from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core import pagination
from kehoach.core.feedback import service_errors
from kehoach.core.files import stored_file_response
from kehoach.core.fragments import FRAGMENT_SECONDS, render_fragment, view_key
from kehoach.core.pagination import page_of
from kehoach.core.rules import actions_for, may
from kehoach.core.selectors import audit_entries_for

from . import selectors, services, status_export
from .cache import kept_for_plan, kept_for_portfolio
from .choices import PlanStatus, TaskClass
from .forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    TaskFilterForm,
    TaskListForm,
    TaskTrackingForm,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
def plan_list(request):
    status = request.GET.get("status", "")

    def plan_table() -> str:
        plans = selectors.plan_list(request.user, status=status if status in PlanStatus.values else "",
                                    search=request.GET.get("q", "").strip())
        return render_fragment(request, "plans/_plan_table.html",
                               {"page": Paginator(plans, 25).get_page(request.GET.get("page"))})

    table = _kept_across_plans(request, "plan-list", plan_table)
    return render(request, "plans/plan_list.html", {"plan_table": table, "statuses": PlanStatus.choices,
                                                    "status": status})


def plan_source_download(request, pk: int):
    """The signed document the plan was imported from."""
    plan = selectors.plan_get(request.user, pk)
    if not plan.source_file:
        raise Http404
    return stored_file_response(plan.source_file, filename=plan.source_name or "ke-hoach")


def plan_detail(request, pk: int):
    plan = selectors.plan_get(request.user, pk)
    # Built only when used: a kept table and the kept filter bar (plan_detail.html) do not read it, and its
    # unit choices cost a few milliseconds a view.
    form = SimpleLazyObject(lambda: TaskFilterForm(request.GET or None,
                                                   options=selectors.plan_filter_options(plan)))

    def task_table() -> str:
        filters = form.filters()
        # The counts by class (under the other filters) also give the table's row count: one grouped query.
        counts = selectors.plan_class_counts_kept(plan, filters)
        total = counts[filters.task_class] if filters.task_class else sum(counts.values())
        tasks = page_of(selectors.current_tasks(plan, filters), request, count=total)
        return render_fragment(request, "plans/_task_table.html", {
            "plan": plan, "form": form, "tasks": tasks, "class_counts": counts, "task_classes": TaskClass.choices})

    # The table (the rows, their counts, the page links) is the same for everyone who may open the plan, and
    # read far more often than the plan changes: kept under the plan's data version.
    table = mark_safe(kept_for_plan(plan, "task-table", view_key(request), task_table,
                                    seconds=FRAGMENT_SECONDS))
    if request.headers.get("HX-Request"):
        return HttpResponse(table)
    # The legal bases and yearly report deadlines are written once, with the plan: kept with it (two queries
    # fewer on every view).
    facts = kept_for_plan(plan, "facts", None, lambda: {"legal_bases": list(plan.legal_bases.all()),
                                                        "deadlines": list(plan.reporting_deadlines.all())})
    return render(request, "plans/plan_detail.html", {"plan": plan, "form": form, "task_table": table, **facts})


def task_list(request):
    """Every task the user may see across plans: the list a coordinator and a leader open every day."""
    form = TaskListForm(request.GET or None, options=selectors.task_list_options(request.user))

    def task_table() -> str:
        filters = form.filters()
        bound = pagination.SEARCH_COUNT_BOUND if filters.q else pagination.COUNT_BOUND
        page = page_of(selectors.task_list(request.user, filters), request, bound=bound)
        return render_fragment(request, "plans/_task_list_table.html", {"page": page})

    table = _kept_across_plans(request, "task-list", task_table)
    if request.headers.get("HX-Request"):
        return HttpResponse(table)
    return render(request, "plans/task_list.html", {"form": form, "task_table": table})


def _kept_across_plans(request, name: str, render_table) -> SafeString:
    """A table of rows from many plans, kept under the stamp that moves with any plan's change. Everyone of
    one visibility scope sees the same rows, so the table is kept per scope, not per user."""
    scope = selectors.plan_visibility_scope(request.user)
    return mark_safe(kept_for_portfolio(name, (scope, *view_key(request)), render_table,
                                        seconds=FRAGMENT_SECONDS))


def _task_page(request, task, *, status: int = 200, **forms):
    extensions = list(selectors.task_extensions(task)) if task.extension_requests else []
    actions = actions_for(request.user, task)
    context = {
        "task": task, "history": selectors.task_history(task), "audit": audit_entries_for(task)[:50],
        "extensions": extensions, "actions": actions,
        "extension_form": forms.get("extension_form") or (ExtensionRequestForm() if actions["plans.request_extension"]
                                                          else None),
        "decision_form": forms.get("decision_form") or ExtensionDecisionForm(),
    }
    return render(request, "plans/task_detail.html", context, status=status)


def task_document_download(request, pk: int):
    """The document that assigned the task, as stored."""
    task = selectors.task_get(request.user, pk)
    if not task.assigned_by_file:
        raise Http404
    return stored_file_response(task.assigned_by_file, filename=task.assigned_by_file.name.rsplit("/", 1)[-1])


def task_detail(request, pk: int):
    return _task_page(request, selectors.task_get(request.user, pk))


def task_tracking(request, pk: int):
    """The coordinator sets the deadline, key flag, people and assigning document of a task (own page: its
    people selects are read only here, not on every task page)."""
    task = selectors.task_get(request.user, pk)
    if not may(request.user, "plans.set_tracking", task):
        raise Http404
    if request.method != "POST":
        return render(request, "plans/task_tracking.html", {"task": task, "form": TaskTrackingForm(task=task)})
    form = TaskTrackingForm(request.POST, request.FILES, task=task)
    if form.is_valid():
        with service_errors(request, form=form, permission=True) as outcome:
            services.task_set_tracking(task=task, actor=request.user, data=form.service_data())
            messages.success(request, _("Đã cập nhật thông tin theo dõi nhiệm vụ."))
        if not outcome.failed:
            return redirect(task)
    return render(request, "plans/task_tracking.html", {"task": task, "form": form}, status=400)


@require_POST
def extension_request(request, pk: int):
    task = selectors.task_get(request.user, pk)
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        with service_errors(request, form=form, permission=True) as outcome:
            services.extension_request(task=task, actor=request.user, reason=form.cleaned_data["reason"],
                                       proposed_date=form.cleaned_data["proposed_date"])
            messages.success(request, _("Đã gửi đề nghị gia hạn."))
        if not outcome.failed:
            return redirect(task)
    return _task_page(request, task, status=400, extension_form=form)


@require_POST
def extension_decide(request, pk: int):
    extension = selectors.extension_get(request.user, pk)
    task = selectors.task_get(request.user, extension.task_id)
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        with service_errors(request, form=form, permission=True) as outcome:
            if decision == "approve":
                services.extension_approve(extension=extension, actor=request.user, comment=comment)
                messages.success(request, _("Đã chấp thuận gia hạn."))
            else:
                services.extension_refuse(extension=extension, actor=request.user, comment=comment)
                messages.success(request, _("Đã không chấp thuận gia hạn."))
        if not outcome.failed:
            return redirect(task)
    return _task_page(request, task, status=400, decision_form=form)


@require_POST
def extension_withdraw(request, pk: int):
    extension = selectors.extension_get(request.user, pk)
    with service_errors(request, permission=True):
        services.extension_withdraw(extension=extension, actor=request.user)
        messages.success(request, _("Đã rút đề nghị gia hạn."))
    return redirect(extension.task)


def task_summary(request):
    """Counts by status class per plan, lead unit and leader: the coordinator's and leadership's summary."""
    if not may(request.user, "plans.see_summary"):
        raise Http404
    return render(request, "plans/task_summary.html", selectors.class_summary(request.user))


def my_tasks(request):
    """"Việc của tôi": what I lead, track, am the focal point for; what of it is overdue; what I must decide."""
    lists = selectors.my_tasks(request.user)
    tab = request.GET.get("tab") if request.GET.get("tab") in ("lead", "track", "focal", "overdue") else "overdue"
    return render(request, "plans/my_tasks.html", {
        "tab": tab, "page": page_of(lists[tab], request), "decide": lists["decide"][:50],
        "tabs": [("overdue", _("Quá hạn")), ("lead", _("Tôi phụ trách")), ("track", _("Tôi theo dõi")),
                 ("focal", _("Tôi là đầu mối"))],
    })


def plan_status_xlsx(request, pk: int):
    """The plan's tasks grouped by status class, as a workbook."""
    plan = selectors.plan_get(request.user, pk)
    response = HttpResponse(status_export.plan_status_xlsx(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tinh-hinh-thuc-hien-{plan.pk}.xlsx"'
    return response


def plan_versions(request, pk: int):
    plan = selectors.plan_get(request.user, pk)
    versions = list(selectors.plan_versions(plan))
    by_number = {v.number: v for v in versions}
    try:
        old = by_number.get(int(request.GET.get("from", 0))) or (versions[-2] if len(versions) > 1 else None)
        new = by_number.get(int(request.GET.get("to", 0))) or versions[-1]
    except ValueError:
        old, new = None, versions[-1] if versions else None
    changes = selectors.version_diff(old, new) if old and new else []
    return render(request, "plans/plan_versions.html",
                  {"plan": plan, "versions": versions, "old": old, "new": new, "changes": changes})


@require_POST
def plan_archive(request, pk: int):
    plan = selectors.plan_get(request.user, pk)
    with service_errors(request, permission=True):
        services.plan_archive(plan=plan, actor=request.user)
        messages.success(request, _("Đã lưu trữ kế hoạch. Kế hoạch vẫn xem được, không bị xoá."))
    return redirect(plan)


def plan_audit(request, pk: int):
    plan = selectors.plan_get(request.user, pk)
    return render(request, "core/audit_trail.html", {"target": plan, "entries": audit_entries_for(plan)[:500]})
