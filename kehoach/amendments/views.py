"""Pages of amendment proposals: list, create/edit with items, detail with preview and actions, audit log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.core.feedback import service_errors
from kehoach.core.rules import require
from kehoach.core.selectors import audit_entries_for
from kehoach.plans.models import Task
from kehoach.plans.selectors import _with_links, plan_get

from . import selectors, services
from .forms import AuditFilterForm, CommentForm, DecisionForm, ItemForm, ListFilterForm, ProposalForm
from .models import AmendmentItem


def _tasks_for_form(proposal):
    return list(_with_links(Task.objects.filter(version_id=proposal.plan.current_version_id, is_archived=False))
                .order_by("position", "id"))


def proposal_list(request):
    form = ListFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    proposals = selectors.proposal_list(request.user, status=status)
    page = Paginator(proposals, 25).get_page(request.GET.get("page"))
    return render(request, "amendments/proposal_list.html", {"page": page, "form": form})


def proposal_create(request, plan_pk: int):
    plan = plan_get(request.user, plan_pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, permission=True):
            proposal = services.proposal_create(plan=plan, actor=request.user, **form.cleaned_data)
            return redirect("amendments:edit", pk=proposal.pk)
    return render(request, "amendments/proposal_form.html", {"plan": plan, "form": form})


def proposal_edit(request, pk: int):
    proposal = selectors.proposal_get(request.user, pk)
    require(request.user, "amendments.edit_proposal", proposal,
            message=_("Đề xuất này không sửa được ở trạng thái hiện tại."))
    form = ProposalForm(request.POST or None, initial={"title": proposal.title, "reason": proposal.reason})
    if request.method == "POST" and form.is_valid():
        with service_errors(request, permission=True):
            services.proposal_update(proposal=proposal, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã lưu đề xuất."))
            return redirect("amendments:edit", pk=pk)
    item_form = ItemForm(tasks=_tasks_for_form(proposal))
    return render(request, "amendments/proposal_edit.html",
                  {"proposal": proposal, "form": form, "item_form": item_form})


def item_row(request, pk: int):
    """htmx: a blank add-item row (for another item)."""
    proposal = selectors.proposal_get(request.user, pk)
    require(request.user, "amendments.edit_proposal", proposal)
    return render(request, "amendments/_item_form.html",
                  {"proposal": proposal, "item_form": ItemForm(tasks=_tasks_for_form(proposal))})


@require_POST
def item_add(request, pk: int):
    proposal = selectors.proposal_get(request.user, pk)
    form = ItemForm(request.POST, tasks=_tasks_for_form(proposal))
    if form.is_valid():
        data = form.cleaned_data
        with service_errors(request, permission=True):
            services.item_add(proposal=proposal, actor=request.user, kind=data["kind"], task=data["task_obj"],
                              data=data)
            messages.success(request, _("Đã thêm nội dung đề xuất."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("amendments:edit", pk=pk)


@require_POST
def item_remove(request, pk: int, item_pk: int):
    proposal = selectors.proposal_get(request.user, pk)
    item = get_object_or_404(AmendmentItem, pk=item_pk, proposal=proposal)  # proposal already scoped
    with service_errors(request, permission=True):
        services.item_remove(item=item, actor=request.user)
    return redirect("amendments:edit", pk=pk)


def proposal_detail(request, pk: int):
    proposal = selectors.proposal_get(request.user, pk)
    return render(request, "amendments/proposal_detail.html", {
        "proposal": proposal, "preview": selectors.proposal_preview(proposal),
        "outdated": proposal.plan.current_version_id != proposal.base_version_id,
        "audit": audit_entries_for(proposal)[:200], "comment_form": CommentForm(), "decision_form": DecisionForm(),
    })


ACTIONS = {
    "submit": lambda p, u, d: services.proposal_submit(proposal=p, actor=u),
    "forward": lambda p, u, d: services.proposal_forward(proposal=p, actor=u, comment=d["comment"]),
    "return": lambda p, u, d: services.proposal_return(proposal=p, actor=u, comment=d["comment"]),
    "comment": lambda p, u, d: services.proposal_comment(proposal=p, actor=u, body=d["comment"]),
    "reject": lambda p, u, d: services.proposal_reject(proposal=p, actor=u, comment=d["comment"]),
    "rebase": lambda p, u, d: services.proposal_rebase(proposal=p, actor=u),
    "approve": lambda p, u, d: services.proposal_approve(proposal=p, actor=u, decision_number=d["decision_number"],
                                                         decision_date=d["decision_date"], comment=d["comment"]),
}


@require_POST
def proposal_action(request, pk: int, action: str):
    proposal = selectors.proposal_get(request.user, pk)
    form = DecisionForm(request.POST)
    if action not in ACTIONS:
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(proposal)
    with service_errors(request, permission=True):
        ACTIONS[action](proposal, request.user, form.cleaned_data)
        messages.success(request, _("Đã ghi nhận."))
    return redirect(proposal)


def audit_log(request):
    require(request.user, "amendments.read_audit_log")
    form = AuditFilterForm(request.GET or None, object_types=selectors.audit_object_types())
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"action": data["action"], "actor": data["user"].strip(), "date_from": data["date_from"],
                   "date_to": data["date_to"], "object_type": int(data["object_type"]) if data["object_type"] else None}
    page = Paginator(selectors.audit_log_entries(request.user, **filters), 50).get_page(request.GET.get("page"))
    return render(request, "amendments/audit_log.html", {"page": page, "form": form})
