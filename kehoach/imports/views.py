from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.permissions import is_manager
from kehoach.plans import selectors as plan_selectors
from kehoach.plans import services as plan_services
from kehoach.plans.choices import PlanStatus
from kehoach.plans.forms import TaskCorrectionForm
from kehoach.plans.selectors import TaskFilters

from . import selectors, services
from .forms import MapNameForm, PublishForm, UploadForm
from .parsing import ImportRejected


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [getattr(exc, "message", "") or str(exc)])


def upload(request):
    if not is_manager(request.user):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(upload=form.cleaned_data["file"], actor=request.user,
                                             replaces=form.cleaned_data["replaces"])
        except (ImportRejected, ValidationError, PermissionDenied) as exc:
            form.add_error("file", _errors(exc))
        else:
            return redirect(job)
    status = 400 if form.errors else 200
    return render(request, "imports/upload.html", {"form": form, "jobs": selectors.recent_jobs(request.user)},
                  status=status)


def job_detail(request, pk: int):
    job = selectors.import_job_get(request.user, pk)
    template = "imports/_job_status.html" if request.headers.get("HX-Request") else "imports/job_detail.html"
    return render(request, template, {"job": job})


def _draft(request, pk: int):
    plan = plan_selectors.plan_get(request.user, pk)
    if not is_manager(request.user) or plan.status != PlanStatus.DRAFT:
        raise Http404
    return plan


def review(request, pk: int):
    plan = _draft(request, pk)
    tasks = plan_selectors.current_tasks(plan, TaskFilters(include_archived=True))
    unknown = plan_services.unresolved_names(plan)
    context = {
        "plan": plan, "tasks": tasks, "unknown": unknown, "map_form": MapNameForm(), "publish_form": PublishForm(),
        "flagged": sum(1 for t in tasks if t.import_flags),
        "changes": plan_selectors.draft_diff_against_published(plan) if plan.replaces_id else None,
    }
    return render(request, "imports/review.html", context)


def task_edit(request, pk: int):
    task = plan_selectors.task_get(request.user, pk)
    _draft(request, task.plan_id)
    if request.method == "POST":
        form = TaskCorrectionForm(request.POST)
        if form.is_valid():
            try:
                task = plan_services.task_correct(task=task, actor=request.user, data=form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _errors(exc))
            else:
                task = plan_selectors.task_get(request.user, task.pk)
                return render(request, "imports/_review_row.html", {"task": task})
        return render(request, "imports/_task_form.html", {"task": task, "form": form}, status=400)
    initial = {
        "ref": task.ref, "group": task.group, "title": task.title, "timeframe_raw": task.timeframe_raw,
        "funding": task.funding, "note": task.note,
        "lead": "\n".join(a.raw_name for a in task.assignments.all() if a.role == "lead"),
        "coordinating": "\n".join(a.raw_name for a in task.assignments.all() if a.role == "coordinating"),
        "products": "\n".join(p.name for p in task.products.all()),
        "partners": "\n".join(p.raw_name for p in task.partner_links.all()),
    }
    return render(request, "imports/_task_form.html", {"task": task, "form": TaskCorrectionForm(initial=initial)})


def task_row(request, pk: int):
    task = plan_selectors.task_get(request.user, pk)
    _draft(request, task.plan_id)
    return render(request, "imports/_review_row.html", {"task": task})


@require_POST
def task_toggle_archived(request, pk: int):
    task = plan_selectors.task_get(request.user, pk)
    _draft(request, task.plan_id)
    try:
        plan_services.task_set_archived(task=task, actor=request.user, archived=not task.is_archived)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    return redirect("imports:review", task.plan_id)


@require_POST
def map_name(request, pk: int):
    plan = _draft(request, pk)
    form = MapNameForm(request.POST)
    if form.is_valid():
        try:
            count = plan_services.plan_map_name(plan=plan, raw_name=form.cleaned_data["raw_name"],
                                                organization=form.cleaned_data["organization"], actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Đã gán %(count)s chỗ vào %(org)s.")
                             % {"count": count, "org": form.cleaned_data["organization"]})
    else:
        messages.error(request, _("Hãy chọn một đơn vị để gán."))
    return redirect("imports:review", plan.pk)


@require_POST
def publish(request, pk: int):
    plan = _draft(request, pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        published = plan_services.plan_publish(plan=plan, actor=request.user,
                                               create_unknown=form.cleaned_data.get("create_unknown", False))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
        return redirect("imports:review", plan.pk)
    messages.success(request, _("Đã ban hành kế hoạch vào hệ thống."))
    for gap in getattr(published, "assignment_gaps", []):
        messages.warning(request, gap)
    return redirect(published)
