"""Who may manage the cycle and edit a report (checked by every service here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..choices import EDITABLE_STATES, ReportState
from ..models import UnitReport

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def can_manage(user: User) -> bool:
    return bool(user and (user.is_coordinator or user.is_superuser))


def can_edit(user: User, report: UnitReport) -> bool:
    """The unit's own focal point or head, while the report is theirs to change and the period allows it."""
    if not (user.is_unit_member and user.unit_id == report.unit_id):
        return False
    if report.state not in EDITABLE_STATES:
        return False
    # After closing, only a report the coordinator reopened (returned) or extended stays editable.
    if report.period.is_open or report.state == ReportState.RETURNED:
        return True
    from .extensions import extension_open  # extensions imports this module

    return extension_open(report)
