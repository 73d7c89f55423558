"""Writes of the reporting cycle. Every function: permission check, one transaction, full_clean, audit entry.

One module per seam; the names are re-exported here so `from kehoach.reporting import services` keeps working.
"""

from kehoach.core.uploads import SNIFF, sniff_content_type

from .evidence import EXTENSIONS, evidence_add, evidence_remove
from .extensions import extension_for, extension_open, report_extension_grant
from .notifications import reverse_lazy_home
from .obligations import _desired_obligations, _sync_obligations
from .periods import (
    organization_succeeded_handler,
    period_close,
    period_open_ad_hoc,
    period_open_yearly,
    plan_version_changed_handler,
)
from .reminders import Digest, Owed, _claim, _step_for, reminder_days, reminders_run, urging_record
from .reports import (
    ENTRY_FIELDS,
    REPORT_FIELDS,
    coordinator_input_save,
    report_accept,
    report_approve,
    report_reopen,
    report_return,
    report_save_draft,
    report_submit,
    validate_for_submission,
)

__all__ = [
    "ENTRY_FIELDS", "EXTENSIONS", "REPORT_FIELDS", "SNIFF", "Digest", "Owed", "_claim", "_desired_obligations",
    "_step_for", "_sync_obligations", "coordinator_input_save", "evidence_add",
    "evidence_remove", "organization_succeeded_handler", "extension_for", "extension_open", "report_extension_grant", "period_close", "period_open_ad_hoc", "period_open_yearly", "plan_version_changed_handler",
    "reminder_days", "reminders_run", "report_accept", "report_approve", "report_reopen", "report_return",
    "report_save_draft", "report_submit", "reverse_lazy_home", "sniff_content_type", "urging_record",
    "validate_for_submission",
]
