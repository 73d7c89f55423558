"""What every amendment write shares: audit fields, locking, plan checks, one transition, notices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kehoach.accounts.models import User
from kehoach.accounts.services import notification_create
from kehoach.core.services import audit_log, snapshot
from kehoach.plans.choices import PlanStatus
from kehoach.plans.models import Plan, PlanVersion

from ..models import AmendmentProposal, ProposalComment

PROPOSAL_FIELDS = ["title", "reason", "status", "base_version_id", "submitted_by_id", "submitted_at",
                   "reviewed_by_id", "reviewed_at", "decided_by_id", "decided_at", "decision_number",
                   "decision_date", "result_version_id"]


ITEM_FIELDS = ["kind", "task_id", "title", "lead", "coordinating", "products", "timeframe_raw", "reason",
               "is_archived"]


def _lock(proposal: AmendmentProposal) -> AmendmentProposal:
    return AmendmentProposal.objects.select_for_update(of=("self",)).select_related("plan").get(pk=proposal.pk)


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


def _transition(proposal, *, actor, status: str, action: str, message: str = "", **fields) -> AmendmentProposal:
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status = status
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.full_clean()
    proposal.save()
    if message:
        ProposalComment.objects.create(proposal=proposal, author=actor, author_name=str(actor), body=message)
    audit_log(actor=actor, action=action, obj=proposal, before=before, after=snapshot(proposal, PROPOSAL_FIELDS),
              message=message)
    return proposal


def _notify(users, proposal: AmendmentProposal, title: str) -> None:
    for user in users:
        notification_create(user=user, title=title, body=proposal.title, url=proposal.get_absolute_url())


def _unit_people(proposal):
    return User.objects.filter(unit_id=proposal.unit_id, is_active=True, role__in=["focal_point", "unit_head"])


def _people(role):
    return User.objects.filter(role=role, is_active=True)
