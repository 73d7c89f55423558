"""A proposal's way through review: submit, forward, return, comment, reject, approve, rebase."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.permissions import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import clean
from kehoach.plans.choices import VersionSource
from kehoach.plans.models import Plan, Task
from kehoach.plans.services import plan_new_version

from ..choices import ItemKind, ProposalStatus
from ..models import AmendmentProposal, ProposalComment
from .changes import apply_items
from .common import (
    PROPOSAL_FIELDS,
    _check_plan_open,
    _check_up_to_date,
    _lock,
    _notify,
    _people,
    _transition,
    _unit_people,
)
from .permissions import can_comment, can_decide, can_rebase, can_return, can_review, can_submit

if TYPE_CHECKING:
    from kehoach.accounts.models import User


@transaction.atomic
def proposal_submit(*, proposal: AmendmentProposal, actor: User) -> AmendmentProposal:
    proposal = _lock(proposal)
    require(can_submit(actor, proposal), _("Chỉ lãnh đạo đơn vị đề xuất mới gửi được đề xuất này."))
    plan = Plan.objects.select_for_update().get(pk=proposal.plan_id)
    _check_plan_open(plan)
    _check_up_to_date(proposal, plan)
    if not proposal.items.filter(is_archived=False).exists():
        raise ValidationError(_("Đề xuất chưa có nội dung điều chỉnh nào."))
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.SUBMITTED, action="amendment.submit",
                           submitted_by=actor, submitted_at=timezone.now())
    _notify(_people("coordinator"), proposal, _("Có đề xuất điều chỉnh kế hoạch mới cần xem xét"))
    return proposal


@transaction.atomic
def proposal_forward(*, proposal: AmendmentProposal, actor: User, comment: str = "") -> AmendmentProposal:
    """The coordinating department has reviewed it and sends it to leadership."""
    proposal = _lock(proposal)
    require(can_review(actor, proposal), _("Chỉ đơn vị đầu mối mới trình được đề xuất đã gửi."))
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.FORWARDED, action="amendment.forward",
                           message=(comment or "").strip(), reviewed_by=actor, reviewed_at=timezone.now())
    _notify(_people("leadership"), proposal, _("Đề xuất điều chỉnh kế hoạch chờ Lãnh đạo Bộ quyết định"))
    return proposal


@transaction.atomic
def proposal_return(*, proposal: AmendmentProposal, actor: User, comment: str) -> AmendmentProposal:
    proposal = _lock(proposal)
    require(can_return(actor, proposal), _("Chỉ đơn vị đầu mối mới trả lại được đề xuất."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Hãy ghi rõ lý do trả lại để đơn vị hoàn thiện.")})
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.RETURNED, action="amendment.return",
                           message=comment.strip(), reviewed_by=actor, reviewed_at=timezone.now())
    _notify(_unit_people(proposal), proposal, _("Đề xuất điều chỉnh được trả lại để hoàn thiện"))
    return proposal


@transaction.atomic
def proposal_comment(*, proposal: AmendmentProposal, actor: User, body: str) -> ProposalComment:
    require(can_comment(actor, proposal), _("Bạn không được góp ý đề xuất này."))
    if not (body or "").strip():
        raise ValidationError({"body": _("Ý kiến không được để trống.")})
    comment = ProposalComment.objects.create(proposal=proposal, author=actor, author_name=str(actor),
                                             body=body.strip())
    audit_log(actor=actor, action="amendment.comment", obj=proposal, after={"comment": comment.body})
    return comment


@transaction.atomic
def proposal_reject(*, proposal: AmendmentProposal, actor: User, comment: str) -> AmendmentProposal:
    proposal = _lock(proposal)
    require(can_decide(actor, proposal), _("Chỉ Lãnh đạo Bộ mới quyết định đề xuất đã được trình."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Hãy ghi lý do không phê duyệt.")})
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.REJECTED, action="amendment.reject",
                           message=comment.strip(), decided_by=actor, decided_at=timezone.now())
    _notify(_unit_people(proposal), proposal, _("Đề xuất điều chỉnh không được phê duyệt"))
    return proposal


@transaction.atomic
def proposal_approve(*, proposal: AmendmentProposal, actor: User, decision_number: str,
                     decision_date: dt.date | None, comment: str = "") -> AmendmentProposal:
    """Leadership approves: the plan gets its next version with the items applied; every version is kept."""
    proposal = _lock(proposal)
    require(can_decide(actor, proposal), _("Chỉ Lãnh đạo Bộ mới phê duyệt được đề xuất đã được trình."))
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
    plan = Plan.objects.select_for_update().get(pk=proposal.plan_id)
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
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.APPROVED, action="amendment.approve",
                           message=(comment or "").strip(), decided_by=actor, decided_at=timezone.now(),
                           decision_number=clean(decision_number)[:60], decision_date=decision_date,
                           result_version=version)
    _notify([*_unit_people(proposal), *_people("coordinator")], proposal,
            _("Đề xuất điều chỉnh đã được phê duyệt: kế hoạch có phiên bản %(n)s") % {"n": version.number})
    return proposal


@transaction.atomic
def proposal_rebase(*, proposal: AmendmentProposal, actor: User) -> AmendmentProposal:
    """Point a proposal made on an older version at the plan's current version (same tasks by lineage)."""
    proposal = _lock(proposal)
    require(can_rebase(actor, proposal), _("Bạn không được cập nhật đề xuất này."))
    plan = Plan.objects.select_for_update().get(pk=proposal.plan_id)
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
