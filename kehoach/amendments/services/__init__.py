"""Writes to amendment proposals: drafting, review, decision, and the plan version an approval makes.

One module per seam: ``permissions`` (who may do what), ``common`` (locking, checks, one transition,
notices), ``drafting`` (the proposal and its items), ``changes`` (what the items do to the plan's rows),
``workflow`` (submit ... approve). The names are re-exported here for callers.
"""

from .changes import apply_items
from .common import ITEM_FIELDS, PROPOSAL_FIELDS
from .drafting import item_add, item_remove, proposal_create, proposal_update
from .permissions import (
    can_comment,
    can_decide,
    can_edit,
    can_propose_for,
    can_rebase,
    can_return,
    can_review,
    can_submit,
    leads_task,
)
from .workflow import (
    proposal_approve,
    proposal_comment,
    proposal_forward,
    proposal_rebase,
    proposal_reject,
    proposal_return,
    proposal_submit,
)

__all__ = [
    "ITEM_FIELDS", "PROPOSAL_FIELDS", "apply_items", "can_comment", "can_decide", "can_edit", "can_propose_for",
    "can_rebase", "can_return", "can_review", "can_submit", "item_add", "item_remove", "leads_task",
    "proposal_approve", "proposal_comment", "proposal_create", "proposal_forward", "proposal_rebase",
    "proposal_reject", "proposal_return", "proposal_submit", "proposal_update",
]
