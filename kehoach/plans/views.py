from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.feedback import service_errors
from kehoach.core.files import stored_file_response
from kehoach.core.pagination import page_of
from kehoach.core.selectors import audit_entries_for

from . import selectors, services
from .choices import PlanStatus
from .forms import SORT_CHOICES, TaskFilterForm, TaskListForm


def plan_list(request):
    status = request.GET.get("status", "")
    plans = selectors.plan_list(request.user, status=status if status in PlanStatus.values else "",
                                search=request.GET.get("q", "").strip())
    page = Paginator(plans, 25).get_page(request.GET.get("page"))
    return render(request, "plans/plan_list.html", {"page": page, "statuses": PlanStatus.choices, "status": status})


def plan_source_download(request, pk: int):
    """The signed document the plan was imported from."""
    plan = selectors.plan_get(request.user, pk)
    if not plan.source_file:
        raise Http404
    return stored_file_response(plan.source_file, filename=plan.source_name or "ke-hoach")


def plan_detail(request, pk: int):
    plan = selectors.plan_get(request.user, pk)
    form = TaskFilterForm(request.GET or None, options=selectors.plan_filter_options(plan))
    tasks = page_of(selectors.current_tasks(plan, form.filters()), request)
    context = {"plan": plan, "form": form, "tasks": tasks, "page": tasks, "filtered": bool(request.GET),
               "sorts": SORT_CHOICES}
    if request.headers.get("HX-Request"):
        return render(request, "plans/_task_table.html", context)
    context["legal_bases"] = plan.legal_bases.all()
    context["deadlines"] = plan.reporting_deadlines.all()
    context["versions"] = selectors.plan_versions(plan)
    return render(request, "plans/plan_detail.html", context)


def task_list(request):
    """Every task the user may see across plans: the list a coordinator and a leader open every day."""
    form = TaskListForm(request.GET or None, options=selectors.task_list_options(request.user))
    page = page_of(selectors.task_list(request.user, form.filters()), request)
    template = "plans/_task_list_table.html" if request.headers.get("HX-Request") else "plans/task_list.html"
    return render(request, template, {"form": form, "page": page, "sorts": SORT_CHOICES})


def task_detail(request, pk: int):
    task = selectors.task_get(request.user, pk)
    return render(request, "plans/task_detail.html", {
        "task": task, "history": selectors.task_history(task), "audit": audit_entries_for(task)[:50],
    })


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
