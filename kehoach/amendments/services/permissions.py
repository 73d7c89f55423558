"""Who may do what with an amendment proposal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehoach.core.permissions import is_manager
from kehoach.plans.choices import AssignmentRole
from kehoach.plans.models import Task

from ..choices import EDITABLE_STATES, ProposalStatus
from ..models import AmendmentProposal

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def leads_task(user: User, task: Task) -> bool:
    """A unit proposes only for tasks it is itself named to lead (not through a group)."""
    return bool(user.is_unit_member and any(
        a.role == AssignmentRole.LEAD and a.organization_id == user.unit_id for a in task.assignments.all()))


def can_propose_for(user: User, task: Task) -> bool:
    return is_manager(user) or leads_task(user, task)


def _is_author_side(user, proposal: AmendmentProposal) -> bool:
    if is_manager(user):
        return proposal.created_by_id == user.pk
    return bool(user.is_unit_member and proposal.unit_id == user.unit_id)


def can_edit(user: User, proposal: AmendmentProposal) -> bool:
    return proposal.status in EDITABLE_STATES and _is_author_side(user, proposal)


def can_submit(user: User, proposal: AmendmentProposal) -> bool:
    """The unit head sends the unit's proposal; the coordinator sends its own."""
    if proposal.status not in EDITABLE_STATES:
        return False
    if is_manager(user):
        return proposal.created_by_id == user.pk
    return bool(user.is_unit_head and proposal.unit_id == user.unit_id)


def can_review(user: User, proposal: AmendmentProposal) -> bool:
    return is_manager(user) and proposal.status == ProposalStatus.SUBMITTED


def can_return(user: User, proposal: AmendmentProposal) -> bool:
    return is_manager(user) and proposal.status in (ProposalStatus.SUBMITTED, ProposalStatus.FORWARDED)


def can_decide(user: User, proposal: AmendmentProposal) -> bool:
    """The Minister or a delegated leader (role leadership) decides; nobody else."""
    return bool(user.is_authenticated and user.is_leadership and proposal.status == ProposalStatus.FORWARDED)


def can_comment(user: User, proposal: AmendmentProposal) -> bool:
    return bool(user.is_authenticated and (user.sees_all_units or _is_author_side(user, proposal)))


def can_rebase(user: User, proposal: AmendmentProposal) -> bool:
    live = proposal.status in (*EDITABLE_STATES, ProposalStatus.SUBMITTED, ProposalStatus.FORWARDED)
    return live and (is_manager(user) or _is_author_side(user, proposal))
