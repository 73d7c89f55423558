"""What every amendment write shares: audit fields, plan checks, and the proposal's workflow table
(``PROPOSAL_FLOW``: states, rules, audit actions, the comment row and who is told)."""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.accounts.models import User
from kehoach.accounts.services import notification_create
from kehoach.core.rules import get_rule
from kehoach.core.workflow import Transition, Workflow
from kehoach.plans.choices import PlanStatus
from kehoach.plans.models import Plan, PlanVersion

from ..choices import EDITABLE_STATES, ProposalStatus
from ..models import AmendmentProposal, ProposalComment

PROPOSAL_FIELDS = ["title", "reason", "status", "base_version_id", "submitted_by_id", "submitted_at",
                   "reviewed_by_id", "reviewed_at", "decided_by_id", "decided_at", "decision_number",
                   "decision_date", "result_version_id"]


ITEM_FIELDS = ["kind", "task_id", "title", "lead", "coordinating", "products", "timeframe_raw", "reason",
               "is_archived"]


def _check_plan_open(plan: Plan) -> None:
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Chỉ đề xuất điều chỉnh được kế hoạch đang ban hành; kế hoạch này ở trạng thái "
                                "“%(status)s”.") % {"status": plan.get_status_display()})


def _check_up_to_date(proposal: AmendmentProposal, plan: Plan) -> None:
    assert plan.current_version_id is not None  # a published plan always has its current version
    if plan.current_version_id != proposal.base_version_id:
        raise ValidationError(_(
            "Đề xuất được lập trên phiên bản %(base)s nhưng kế hoạch đã có phiên bản %(current)s. "
            "Hãy cập nhật đề xuất theo phiên bản hiện hành trước khi tiếp tục.")
            % {"base": proposal.base_version.number,
               # A fresh read: after waiting on the lock, a joined row would come from the older snapshot.
               "current": PlanVersion.objects.get(pk=plan.current_version_id).number})


def _unit_people(proposal):
    return User.objects.filter(unit_id=proposal.unit_id, is_active=True, role__in=["focal_point", "unit_head"])


def _people(role):
    return User.objects.filter(role=role, is_active=True)


def _tell(users, proposal: AmendmentProposal, title: str) -> None:
    for user in users:
        notification_create(user=user, title=title, body=proposal.title, url=proposal.get_absolute_url())


def _record_comment(proposal: AmendmentProposal, *, actor, source, target, reason) -> None:
    """A transition's comment (the reason for a return, a note on forwarding) joins the proposal's remarks."""
    if reason:
        ProposalComment.objects.create(proposal=proposal, author=actor, author_name=str(actor), body=reason)


def _refused(proposal: AmendmentProposal, transition: Transition) -> NoReturn:
    """A proposal's state is part of each rule: the wrong state is refused with the rule's own message."""
    raise PermissionDenied(transition.refusal or get_rule(transition.rule).refusal)


PROPOSAL_FLOW = Workflow(AmendmentProposal, "status", [
    Transition("submit", source=tuple(EDITABLE_STATES), target=ProposalStatus.SUBMITTED,
               rule="amendments.submit_proposal", audit="amendment.submit",
               notify=lambda p, actor: _tell(_people("coordinator"), p,
                                             _("Có đề xuất điều chỉnh kế hoạch mới cần xem xét"))),
    Transition("forward", source=ProposalStatus.SUBMITTED, target=ProposalStatus.FORWARDED,
               rule="amendments.forward_proposal", audit="amendment.forward",
               notify=lambda p, actor: _tell(_people("leadership"), p,
                                             _("Đề xuất điều chỉnh kế hoạch chờ Lãnh đạo Bộ quyết định"))),
    Transition("return", source=(ProposalStatus.SUBMITTED, ProposalStatus.FORWARDED),
               target=ProposalStatus.RETURNED, rule="amendments.return_proposal", audit="amendment.return",
               reason_required=True, reason_field="", reason_error_field="comment",
               reason_message=gettext_lazy("Hãy ghi rõ lý do trả lại để đơn vị hoàn thiện."),
               notify=lambda p, actor: _tell(_unit_people(p), p,
                                             _("Đề xuất điều chỉnh được trả lại để hoàn thiện"))),
    Transition("reject", source=ProposalStatus.FORWARDED, target=ProposalStatus.REJECTED,
               rule="amendments.decide_proposal", audit="amendment.reject",
               reason_required=True, reason_field="", reason_error_field="comment",
               reason_message=gettext_lazy("Hãy ghi lý do không phê duyệt."),
               notify=lambda p, actor: _tell(_unit_people(p), p, _("Đề xuất điều chỉnh không được phê duyệt"))),
    Transition("approve", source=ProposalStatus.FORWARDED, target=ProposalStatus.APPROVED,
               rule="amendments.decide_proposal", audit="amendment.approve",
               refusal=gettext_lazy("Chỉ Lãnh đạo Bộ mới phê duyệt được đề xuất đã được trình."),
               notify=lambda p, actor: _tell(
                   [*_unit_people(p), *_people("coordinator")], p,
                   _("Đề xuất điều chỉnh đã được phê duyệt: kế hoạch có phiên bản %(n)s")
                   % {"n": p.result_version.number})),
], audit_fields=PROPOSAL_FIELDS, history=_record_comment, select_related=("plan",), state_error=_refused)
