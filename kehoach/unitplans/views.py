"""Pages of unit yearly plans: list, create, detail with items and actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.feedback import service_errors
from kehoach.core.selectors import audit_entries_for

from . import selectors, services
from .choices import YearPlanStatus
from .forms import CommentForm, CreateForm, ItemUpdateForm, OwnItemForm
from .models import UnitPlanItem


def _form_errors(request, form) -> None:
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))


def yearplan_list(request):
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    status = request.GET.get("status", "")
    qs = selectors.yearplan_list(request.user, year=year, status=status if status in YearPlanStatus.values else "")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "unitplans/yearplan_list.html", {
        "page": page, "statuses": YearPlanStatus.choices, "status": status, "year": year,
        "create_form": CreateForm(initial={"year": timezone.localdate().year}),
    })


@require_POST
def yearplan_create(request):
    form = CreateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("unitplans:list")
    with service_errors(request, permission=True) as outcome:
        year_plan = services.yearplan_create(unit=request.user.unit, year=form.cleaned_data["year"],
                                             actor=request.user)
    if outcome.failed:
        return redirect("unitplans:list")
    return redirect(year_plan)


def yearplan_detail(request, pk: int):
    year_plan = selectors.yearplan_get(request.user, pk)
    return render(request, "unitplans/yearplan_detail.html", {
        "year_plan": year_plan, "own_form": OwnItemForm(), "comment_form": CommentForm(),
        "audit": audit_entries_for(year_plan)[:200],
    })


@require_POST
def item_add(request, pk: int):
    year_plan = selectors.yearplan_get(request.user, pk)
    form = OwnItemForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        with service_errors(request, permission=True):
            services.item_add(year_plan=year_plan, actor=request.user, **form.cleaned_data)
    return redirect(year_plan)


@require_POST
def item_update(request, pk: int, item_pk: int):
    year_plan = selectors.yearplan_get(request.user, pk)
    item = get_object_or_404(UnitPlanItem, pk=item_pk, year_plan=year_plan)  # year plan already scoped
    form = ItemUpdateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        with service_errors(request, permission=True):
            services.item_update(item=item, actor=request.user, **form.cleaned_data)
    return redirect(year_plan)


@require_POST
def item_remove(request, pk: int, item_pk: int):
    year_plan = selectors.yearplan_get(request.user, pk)
    item = get_object_or_404(UnitPlanItem, pk=item_pk, year_plan=year_plan)
    with service_errors(request, permission=True):
        services.item_archive(item=item, actor=request.user)
    return redirect(year_plan)


ACTIONS = {
    "submit": lambda y, u, c: services.yearplan_submit(year_plan=y, actor=u),
    "approve": lambda y, u, c: services.yearplan_approve(year_plan=y, actor=u, comment=c),
    "return": lambda y, u, c: services.yearplan_return(year_plan=y, actor=u, comment=c),
}


@require_POST
def yearplan_action(request, pk: int, action: str):
    year_plan = selectors.yearplan_get(request.user, pk)
    if action not in ACTIONS:
        raise PermissionDenied
    form = CommentForm(request.POST)
    form.is_valid()
    with service_errors(request, permission=True):
        ACTIONS[action](year_plan, request.user, form.cleaned_data.get("comment", ""))
        messages.success(request, _("Đã ghi nhận."))
    return redirect(year_plan)
