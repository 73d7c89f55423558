"""The amendments app's rule book (``kehoach.core.rules``): who may propose, edit, send, review, decide and
comment on an amendment proposal. Checked by the services with ``require``, shown by the pages through
``actions_for``; templates never test roles. A proposal's state is part of each rule (as the buttons show
it), so a wrong state is refused with the rule's own message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import rule
from kehoach.core.text import name_key
from kehoach.plans.choices import AssignmentRole, PlanStatus
from kehoach.plans.models import Plan, Task

from .choices import EDITABLE_STATES, ProposalStatus
from .models import AmendmentProposal

if TYPE_CHECKING:
    from kehoach.accounts.models import User

REVIEW_STATES = (ProposalStatus.SUBMITTED, ProposalStatus.FORWARDED)


def leads_task(user: User, task: Task) -> bool:
    """A unit proposes only for tasks it is itself named to lead (not through a group)."""
    return bool(user.is_unit_member and any(
        a.role == AssignmentRole.LEAD and a.organization_id == user.unit_id for a in task.assignments.all()))


def may_propose(user: User, plan: Plan | None) -> bool:
    """A unit (or the coordinator) drafts proposals; on a page, only for a plan in force. Without a plan:
    whether the user drafts proposals at all (the service then checks the plan's state with its own message)."""
    if not (is_manager(user) or user.is_unit_member):
        return False
    return plan is None or plan.status == PlanStatus.PUBLISHED


def may_amend_task(user: User, task: Task) -> bool:
    return is_manager(user) or leads_task(user, task)


def may_add_task(user: User, leads: Sequence[str] | None) -> bool:
    """A new task proposed by a unit names the unit itself among its leads (``leads``: the lead units' names);
    the coordinator proposes any."""
    if is_manager(user):
        return True
    return bool(user.unit is not None and leads and name_key(user.unit.name) in {name_key(n) for n in leads})


def is_author_side(user: User, proposal: AmendmentProposal) -> bool:
    """The coordinator's own proposals; a unit's proposals for its members."""
    if is_manager(user):
        return proposal.created_by_id == user.pk
    return bool(user.is_unit_member and proposal.unit_id == user.unit_id)


def may_edit(user: User, proposal: AmendmentProposal) -> bool:
    return proposal.status in EDITABLE_STATES and is_author_side(user, proposal)


def may_submit(user: User, proposal: AmendmentProposal) -> bool:
    """The unit head sends the unit's proposal; the coordinator sends its own."""
    if proposal.status not in EDITABLE_STATES:
        return False
    if is_manager(user):
        return proposal.created_by_id == user.pk
    return bool(user.is_unit_head and proposal.unit_id == user.unit_id)


def may_forward(user: User, proposal: AmendmentProposal) -> bool:
    return is_manager(user) and proposal.status == ProposalStatus.SUBMITTED


def may_return(user: User, proposal: AmendmentProposal) -> bool:
    return is_manager(user) and proposal.status in REVIEW_STATES


def may_decide(user: User, proposal: AmendmentProposal) -> bool:
    """The Minister or a delegated leader (role leadership) decides; nobody else."""
    return bool(user.is_leadership and proposal.status == ProposalStatus.FORWARDED)


def may_comment(user: User, proposal: AmendmentProposal) -> bool:
    return bool(user.sees_all_units or is_author_side(user, proposal))


def may_rebase(user: User, proposal: AmendmentProposal) -> bool:
    live = proposal.status in (*EDITABLE_STATES, *REVIEW_STATES)
    return live and (is_manager(user) or is_author_side(user, proposal))


def may_read_audit_log(user: User, obj=None) -> bool:
    """The global trail: the coordinating department and leadership."""
    return bool(user.is_superuser or user.is_coordinator or user.is_leadership)


rule("amendments.propose", may_propose, on=Plan,
     refusal=_("Chỉ đơn vị được giao nhiệm vụ hoặc đơn vị đầu mối mới lập được đề xuất điều chỉnh."))
rule("amendments.amend_task", may_amend_task, on=Task,
     refusal=_("Đơn vị chỉ đề xuất điều chỉnh nhiệm vụ do đơn vị mình chủ trì."))
rule("amendments.add_task", may_add_task, on=(list, tuple),
     refusal=_("Đơn vị chỉ đề xuất bổ sung nhiệm vụ do chính đơn vị chủ trì; "
               "hãy ghi tên đơn vị mình là đơn vị chủ trì."))
rule("amendments.edit_proposal", may_edit, on=AmendmentProposal,
     refusal=_("Bạn không được sửa đề xuất này ở trạng thái hiện tại."))
rule("amendments.submit_proposal", may_submit, on=AmendmentProposal,
     refusal=_("Chỉ lãnh đạo đơn vị đề xuất mới gửi được đề xuất này."))
rule("amendments.forward_proposal", may_forward, on=AmendmentProposal,
     refusal=_("Chỉ đơn vị đầu mối mới trình được đề xuất đã gửi."))
rule("amendments.return_proposal", may_return, on=AmendmentProposal,
     refusal=_("Chỉ đơn vị đầu mối mới trả lại được đề xuất."))
rule("amendments.decide_proposal", may_decide, on=AmendmentProposal,
     refusal=_("Chỉ Lãnh đạo Bộ mới quyết định đề xuất đã được trình."))
rule("amendments.comment", may_comment, on=AmendmentProposal, refusal=_("Bạn không được góp ý đề xuất này."))
rule("amendments.rebase", may_rebase, on=AmendmentProposal, refusal=_("Bạn không được cập nhật đề xuất này."))
rule("amendments.read_audit_log", may_read_audit_log,
     refusal=_("Chỉ đơn vị đầu mối và Lãnh đạo Bộ xem được nhật ký chung."))
