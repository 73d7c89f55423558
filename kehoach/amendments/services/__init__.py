"""Writes to amendment proposals: drafting, review, decision, and the plan version an approval makes.

One module per seam: ``common`` (plan checks, the workflow table ``PROPOSAL_FLOW``), ``drafting`` (the
proposal and its items), ``changes`` (what the items do to the plan's rows), ``workflow`` (submit ...
approve). Who may do what is the app's rule book, ``kehoach.amendments.rules``. The names are re-exported
here for callers.
"""

from .changes import apply_items
from .common import ITEM_FIELDS, PROPOSAL_FIELDS, PROPOSAL_FLOW
from .drafting import item_add, item_remove, proposal_create, proposal_update
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
    "ITEM_FIELDS", "PROPOSAL_FIELDS", "PROPOSAL_FLOW", "apply_items", "item_add", "item_remove",
    "proposal_approve", "proposal_comment", "proposal_create", "proposal_forward", "proposal_rebase",
    "proposal_reject", "proposal_return", "proposal_submit", "proposal_update",
]
