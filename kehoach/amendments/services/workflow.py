"""A proposal's way through review: submit, forward, return, comment, reject, approve, rebase."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import clean
from kehoach.core.workflow import locked
from kehoach.plans.choices import VersionSource
from kehoach.plans.models import Plan, Task
from kehoach.plans.services import plan_new_version

from ..choices import ItemKind
from ..models import AmendmentProposal, ProposalComment
from .changes import apply_items
from .common import PROPOSAL_FIELDS, PROPOSAL_FLOW, _check_plan_open, _check_up_to_date

if TYPE_CHECKING:
    from kehoach.accounts.models import User


@transaction.atomic
def proposal_submit(*, proposal: AmendmentProposal, actor: User) -> AmendmentProposal:
    proposal = PROPOSAL_FLOW.lock(proposal)
    require(actor, "amendments.submit_proposal", proposal)  # who, before what the plan says
    plan = locked(Plan(pk=proposal.plan_id))
    _check_plan_open(plan)
    _check_up_to_date(proposal, plan)
    if not proposal.items.filter(is_archived=False).exists():
        raise ValidationError(_("Đề xuất chưa có nội dung điều chỉnh nào."))
    return PROPOSAL_FLOW.apply(proposal, "submit", actor=actor, lock=False,
                               extra={"submitted_by": actor, "submitted_at": timezone.now()})


@transaction.atomic
def proposal_forward(*, proposal: AmendmentProposal, actor: User, comment: str = "") -> AmendmentProposal:
    """The coordinating department has reviewed it and sends it to leadership."""
    return PROPOSAL_FLOW.apply(proposal, "forward", actor=actor, reason=comment,
                               extra={"reviewed_by": actor, "reviewed_at": timezone.now()})


@transaction.atomic
def proposal_return(*, proposal: AmendmentProposal, actor: User, comment: str) -> AmendmentProposal:
    return PROPOSAL_FLOW.apply(proposal, "return", actor=actor, reason=comment,
                               extra={"reviewed_by": actor, "reviewed_at": timezone.now()})


@transaction.atomic
def proposal_comment(*, proposal: AmendmentProposal, actor: User, body: str) -> ProposalComment:
    require(actor, "amendments.comment", proposal)
    if not (body or "").strip():
        raise ValidationError({"body": _("Ý kiến không được để trống.")})
    comment = ProposalComment.objects.create(proposal=proposal, author=actor, author_name=str(actor),
                                             body=body.strip())
    audit_log(actor=actor, action="amendment.comment", obj=proposal, after={"comment": comment.body})
    return comment


@transaction.atomic
def proposal_reject(*, proposal: AmendmentProposal, actor: User, comment: str) -> AmendmentProposal:
    return PROPOSAL_FLOW.apply(proposal, "reject", actor=actor, reason=comment,
                               extra={"decided_by": actor, "decided_at": timezone.now()})


@transaction.atomic
def proposal_approve(*, proposal: AmendmentProposal, actor: User, decision_number: str,
                     decision_date: dt.date | None, comment: str = "") -> AmendmentProposal:
    """Leadership approves: the plan gets its next version with the items applied; every version is kept."""
    proposal = PROPOSAL_FLOW.lock(proposal)
    require(actor, "amendments.decide_proposal", proposal,  # who, before the decision's own fields
            message=PROPOSAL_FLOW["approve"].refusal)
    errors = {}
    if not clean(decision_number):
        errors["decision_number"] = _("Hãy ghi số văn bản phê duyệt.")
    if decision_date is None:
        errors["decision_date"] = _("Hãy ghi ngày văn bản phê duyệt (dd/mm/yyyy).")
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _("Ngày văn bản phê duyệt không thể sau hôm nay.")
    if errors:
        raise ValidationError(errors)
    # Lock the plan: two approvals racing on the same version must not both make "version N+1".
    plan = locked(Plan(pk=proposal.plan_id))
    _check_plan_open(plan)
    _check_up_to_date(proposal, plan)
    current = list(Task.objects.filter(version_id=plan.current_version_id, is_archived=False)
                  .prefetch_related("assignments", "partner_links", "products").order_by("position", "id"))
    items = list(proposal.items.filter(is_archived=False).select_related("task"))
    if not items:
        raise ValidationError(_("Đề xuất chưa có nội dung điều chỉnh nào."))
    _old_rows, rows, lineages = apply_items(current, items)
    lineages = [lin or uuid.uuid4() for lin in lineages]
    version = plan_new_version(
        plan=plan, rows=rows, lineages=lineages, actor=actor, source=VersionSource.AMENDMENT,
        decision_number=clean(decision_number)[:60], decision_date=decision_date,
        note=_("Điều chỉnh theo đề xuất #%(id)s: %(title)s") % {"id": proposal.pk, "title": proposal.title[:200]},
    )
    return PROPOSAL_FLOW.apply(proposal, "approve", actor=actor, reason=comment, lock=False, extra={
        "decided_by": actor, "decided_at": timezone.now(), "decision_number": clean(decision_number)[:60],
        "decision_date": decision_date, "result_version": version})


@transaction.atomic
def proposal_rebase(*, proposal: AmendmentProposal, actor: User) -> AmendmentProposal:
    """Point a proposal made on an older version at the plan's current version (same tasks by lineage)."""
    proposal = PROPOSAL_FLOW.lock(proposal)
    require(actor, "amendments.rebase", proposal)
    plan = locked(Plan(pk=proposal.plan_id))
    _check_plan_open(plan)
    assert plan.current_version_id is not None  # a published plan always has its current version
    if plan.current_version_id == proposal.base_version_id:
        return proposal
    current = {t.lineage: t for t in Task.objects.filter(version_id=plan.current_version_id, is_archived=False)}
    for item in proposal.items.filter(is_archived=False).exclude(kind=ItemKind.ADD).select_related("task"):
        assert item.task is not None  # only "add" items have no task
        target = current.get(item.task.lineage)
        if target is None:
            raise ValidationError(_("Nhiệm vụ “%(task)s” đã không còn trong phiên bản hiện hành; hãy bỏ dòng này "
                                    "khỏi đề xuất trước khi cập nhật.") % {"task": str(item.task)[:80]})
        item.task = target
        item.save(update_fields=["task"])
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.base_version_id = plan.current_version_id
    proposal.save(update_fields=["base_version", "updated_at"])
    audit_log(actor=actor, action="amendment.rebase", obj=proposal, before=before,
              after=snapshot(proposal, PROPOSAL_FIELDS))
    return proposal
