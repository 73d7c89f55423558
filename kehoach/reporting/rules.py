"""The reporting app's rule book (``kehoach.core.rules``): who may run a reporting cycle and who may write,
approve, send, accept, return and reopen a unit's report. Checked by the services with ``require``, shown by
the pages through ``actions_for`` / ``may``; templates never test roles."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import rule

from .choices import EDITABLE_STATES, ObligationRole, ReportState
from .models import Obligation, ReportingPeriod, UnitReport
from .selectors import extension_open


def may_manage(user, obj=None) -> bool:
    """Runs the reporting cycle: the coordinating department and superusers."""
    return is_manager(user)


def may_edit(user, report) -> bool:
    """The unit's own focal point or head, while the report is theirs to change and the period allows it."""
    if not (report is not None and user.is_unit_member and user.unit_id == report.unit_id):
        return False
    if report.state not in EDITABLE_STATES:
        return False
    # After closing, only a report the coordinator reopened (returned) or extended stays editable.
    if report.period.is_open or report.state == ReportState.RETURNED:
        return True
    return extension_open(report)


def may_approve(user, report) -> bool:
    """The head of the report's unit signs it off (ký duyệt)."""
    return user.is_unit_head and may_edit(user, report)


def may_give_input(user, obligation) -> bool:
    """A coordinating unit's member, on a task the unit coordinates in the period."""
    return bool(obligation is not None and user.is_unit_member and obligation.unit_id == user.unit_id
                and obligation.role == ObligationRole.COORDINATING)


def sees_all_units(user, obj=None) -> bool:
    """Leadership, the coordinator and finance (and superusers) watch every unit's reporting."""
    return user.sees_all_units


_MANAGES = _("Chỉ đơn vị đầu mối mới được mở kỳ báo cáo.")
_OVERVIEW = _("Trang tổng quan dành cho lãnh đạo và đơn vị đầu mối.")

# The cycle: periods, their Decree 09 particulars, extensions and urging (the system may open and set them).
rule("reporting.open_period", may_manage, system=True, refusal=_MANAGES)
rule("reporting.configure_period", may_manage, on=ReportingPeriod, system=True,
     refusal=_("Chỉ đơn vị đầu mối mới được thiết lập kỳ báo cáo."))
rule("reporting.close_period", may_manage, on=ReportingPeriod,
     refusal=_("Chỉ đơn vị đầu mối mới được đóng kỳ báo cáo."))
rule("reporting.grant_extension", may_manage, on=ReportingPeriod,
     refusal=_("Chỉ đơn vị đầu mối mới được gia hạn báo cáo."))
rule("reporting.write_urging", may_manage, on=ReportingPeriod, system=True,
     refusal=_("Chỉ đơn vị đầu mối mới được lập công văn đôn đốc."))
rule("reporting.see_overview", sees_all_units, refusal=_OVERVIEW)
rule("reporting.see_dashboard", sees_all_units, on=ReportingPeriod, refusal=_OVERVIEW)

# A unit's report and its workflow (REPORT_FLOW in services/reports.py).
rule("reporting.edit_report", may_edit, on=UnitReport, refusal=_("Bạn không được sửa báo cáo này."))
rule("reporting.approve_report", may_approve, on=UnitReport,
     refusal=_("Chỉ lãnh đạo đơn vị mới được duyệt báo cáo của đơn vị mình."))
rule("reporting.submit_report", may_edit, on=UnitReport, refusal=_("Bạn không được gửi báo cáo này."))
rule("reporting.accept_report", may_manage, on=UnitReport,
     refusal=_("Chỉ đơn vị đầu mối mới được tiếp nhận báo cáo."))
rule("reporting.return_report", may_manage, on=UnitReport,
     refusal=_("Chỉ đơn vị đầu mối mới được trả lại báo cáo."))
rule("reporting.reopen_report", may_manage, on=UnitReport,
     refusal=_("Chỉ đơn vị đầu mối mới được mở lại báo cáo."))
rule("reporting.give_input", may_give_input, on=Obligation,
     refusal=_("Đơn vị của bạn không phối hợp nhiệm vụ này trong kỳ báo cáo."))
