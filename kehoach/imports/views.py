from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.files import stored_file_response
from kehoach.core.rules import may
from kehoach.organizations.selectors import registry_names
from kehoach.plans import selectors as plan_selectors
from kehoach.plans import services as plan_services
from kehoach.plans.forms import TaskCorrectionForm
from kehoach.plans.models import Plan
from kehoach.plans.selectors import TaskFilters

from . import manual, selectors, services
from .forms import MapNameForm, PublishForm, UploadForm
from .manual import ManualFactsForm
from .parsing import ImportRejected
from .parsing.grid import ROLES
from .template import template_workbook

# Fewer rows than this in an import's draft: the review page offers to complete it by hand.
THIN_IMPORT = 3


def registry_names_for_list() -> list[str]:
    return sorted(registry_names()[0])


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [getattr(exc, "message", "") or str(exc)])


def upload(request):
    if not may(request.user, "imports.import_document"):
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
    if not may(request.user, "imports.review_import", plan):
        raise Http404
    return plan


def review(request, pk: int):
    plan = _draft(request, pk)
    tasks = manual.review_order(plan_selectors.current_tasks(plan, TaskFilters(include_archived=True)))
    unknown = plan_services.unresolved_names(plan)
    map_form = MapNameForm()
    _with_scan(tasks, plan)
    context = {
        "plan": plan, "tasks": tasks, "unknown": unknown, "map_form": map_form, "publish_form": PublishForm(),
        # The units to map onto, read once for every unknown name's select (not once a name).
        "org_choices": [(v, label) for v, label in map_form.fields["organization"].choices if v] if unknown else [],
        "flagged": sum(1 for t in tasks if t.flag_help and not t.is_archived),
        "thin": sum(1 for t in tasks if not t.is_archived) < THIN_IMPORT,
        "changes": plan_selectors.draft_diff_against_published(plan) if plan.replaces_id else None,
    }
    return render(request, "imports/review.html", context)


def _with_scan(tasks, plan) -> None:
    """A scanned plan: each row gets the picture of its table row and the closest registry units."""
    crops = selectors.scan_crops_for(plan)
    if not crops:
        return
    names = [a.raw_name for t in tasks for a in t.assignments.all() if not a.organization_id]
    candidates = selectors.name_candidates(names)
    for t in tasks:
        t.scan = crops.get(t.pk)
        t.name_candidates = [(a.raw_name, candidates.get(a.raw_name) or []) for a in t.assignments.all()
                             if not a.organization_id]


def scan_crop(request, pk: int):
    crop = selectors.scan_crop_get(request.user, pk)
    plan_selectors.plan_get(request.user, crop.task.plan_id)  # the plan must be visible to this user
    return stored_file_response(crop.image, filename=f"dong-{crop.task_id}.jpg", content_type="image/jpeg",
                                as_attachment=False)


def task_edit(request, pk: int):
    task = plan_selectors.task_get(request.user, pk)
    _draft(request, task.plan_id)
    if request.method == "POST":
        form = TaskCorrectionForm(request.POST)
        if form.is_valid():
            try:
                task = plan_services.task_correct(task=task, actor=request.user,
                                                  data=manual.resplit_units(form.cleaned_data,
                                                                            services.current_registry()))
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _errors(exc))
            else:
                task = plan_selectors.task_get(request.user, task.pk)
                task.flag_help = manual.review_flags(task)
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
    task.flag_help = manual.review_flags(task)
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


def _manual_start(request) -> tuple[dict, list[dict], Plan | None]:
    """What the manual page starts from: facts a refused import read (``?job=``), or a thin import's draft
    (``?plan=``, its facts and rows, to complete by hand)."""
    if request.GET.get("job"):
        job = selectors.import_job_get(request.user, request.GET["job"])
        return manual.initial_from_document(job.partial), [], None
    if request.GET.get("plan"):
        draft = _draft(request, request.GET["plan"])
        return selectors.draft_document(draft), selectors.draft_grid_rows(draft), draft
    return {}, [], None


def manual_entry(request):
    """Create a plan by hand: facts, then tasks typed in the grid or pasted from Excel/Word."""
    if not may(request.user, "imports.import_document"):
        raise Http404
    registry = services.current_registry()
    if request.method != "POST":
        initial, rows, draft = _manual_start(request)
        return _manual_page(request, ManualFactsForm(initial=initial, registry=registry), rows, draft=draft)
    draft = _draft(request, request.POST["from_plan"]) if request.POST.get("from_plan") else None
    action, grid = request.POST.get("action", ""), manual.grid_dicts(request.POST)
    if action in ("paste_preview", "paste_add"):
        return _manual_paste(request, registry, grid, draft=draft, add=action == "paste_add")
    if action != "create":  # "preview" checks the grid; "add_rows" (without JavaScript) adds blank rows
        form = ManualFactsForm(initial=request.POST.dict(), registry=registry)
        if action != "preview":
            return _manual_page(request, form, grid, draft=draft)
    else:
        form = ManualFactsForm(request.POST, registry=registry)
    try:
        tasks = manual.read_grid(grid, registry)
    except ValidationError as exc:
        return _manual_page(request, form, grid, draft=draft, errors=exc.messages, status=400)
    if action == "create" and form.is_valid():
        try:
            plan = services.plan_create_manual(actor=request.user, document=form.document(), tasks=tasks,
                                               replaces_draft=draft)
        except (ValidationError, PermissionDenied) as exc:
            return _manual_page(request, form, grid, draft=draft, errors=[_errors(exc)], status=400)
        messages.success(request, _("Đã tạo bản nháp. Hãy rà soát trước khi ban hành."))
        return redirect("imports:review", plan.pk)
    return _manual_page(request, form, grid, draft=draft, preview=tasks, status=400 if form.errors else 200)


def _manual_paste(request, registry, grid: list[dict], *, draft, add: bool):
    """Pasted rows: previewed with their flags and the columns as guessed (or as mapped), then added."""
    form = ManualFactsForm(initial=request.POST.dict(), registry=registry)
    paste = request.POST.get("paste", "")
    body, roles, header = manual.paste_rows(paste, request.POST.getlist("map") if "map" in request.POST else None)
    extra = {"paste": paste, "paste_roles": roles}
    try:
        tasks = manual.read_rows(body, roles, registry, first_row=2 if header else 1)
    except ValidationError as exc:
        return _manual_page(request, form, grid, draft=draft, paste_errors=exc.messages, status=400, **extra)
    if not add:
        return _manual_page(request, form, grid, draft=draft, paste_preview=tasks, **extra)
    messages.success(request, _("Đã thêm %(count)s dòng vào bảng nhiệm vụ.") % {"count": len(tasks)})
    return _manual_page(request, form, grid + manual.rows_for_grid(tasks), draft=draft)


def _manual_page(request, form, grid: list[dict], *, draft=None, status: int = 200, **context):
    extra = int(request.POST.get("extra") or 0) + (10 if request.POST.get("action") == "add_rows" else 0)
    return render(request, "imports/manual.html", {
        "form": form, "draft": draft, "extra": extra, "errors": [], "paste": "", "paste_errors": [],
        "grid": manual.grid_cells(grid, extra), "grid_roles": [(r, manual.ROLE_LABELS[r]) for r in manual.GRID_ROLES],
        "role_choices": [(r, manual.ROLE_LABELS[r]) for r in ROLES], "flag_help": manual.FLAG_HELP,
        "registry_names": registry_names_for_list(), **context,
    }, status=status)


def template_xlsx(request):
    """Mẫu phụ lục nhiệm vụ (.xlsx): fill it and upload it like any plan document."""
    if not may(request.user, "imports.import_document"):
        raise Http404
    names = registry_names_for_list()
    data = template_workbook(names)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-phu-luc-nhiem-vu.xlsx"'
    return response
