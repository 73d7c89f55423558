"""The documents app's rule book (``kehoach.core.rules``): who may ask for which document, edit the
consolidated report's texts and the signers. Checked by the services with ``require``, shown by the pages
through ``actions_for`` / ``may``; templates never test roles. The system (the CLI, the demo) may do all."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import rule
from kehoach.plans.models import Plan
from kehoach.plans.selectors import plans_visible_to
from kehoach.reporting.models import ReportingPeriod, UnitReport
from kehoach.reporting.selectors import reports_visible_to


def reads_every_unit(user, obj=None) -> bool:
    """The coordinator (and superusers) and leadership read any unit's documents."""
    return is_manager(user) or user.role == "leadership"


def may_export_plan(user, plan) -> bool:
    """A plan's own documents (DOCX, XLSX, JSON) for anyone who may see the plan."""
    return plan is not None and plans_visible_to(user).filter(pk=plan.pk).exists()


def may_generate_report(user, report) -> bool:
    """A unit prints its own report; the coordinator and leadership print any unit's."""
    return reads_every_unit(user) or (report is not None and user.is_unit_member
                                      and user.unit_id == report.unit_id)


def may_read_sent_report(user, report) -> bool:
    """The draft rule: another unit's report is printed only once it was sent (as the user may read it)."""
    return report is not None and report.pk is not None and reports_visible_to(user).filter(pk=report.pk).exists()


def may_see_period_documents(user, period) -> bool:
    """The page of a period's documents: the coordinator and leadership, and a unit that owes the period."""
    return reads_every_unit(user) or bool(
        period is not None and user.unit_id and period.obligations.filter(unit_id=user.unit_id).exists())


def manages(user, obj=None) -> bool:
    """The coordinating department (and superusers)."""
    return is_manager(user)


_ONLY_COORDINATOR = _("Chỉ đơn vị đầu mối mới được tạo văn bản này.")

rule("documents.read_every_unit", reads_every_unit, system=True, refusal=_ONLY_COORDINATOR)
rule("documents.export_plan", may_export_plan, on=Plan, system=True,
     refusal=_("Bạn không có quyền xem kế hoạch này."))
rule("documents.generate_report", may_generate_report, on=UnitReport, system=True, refusal=_ONLY_COORDINATOR)
rule("documents.read_sent_report", may_read_sent_report, on=UnitReport, system=True,
     refusal=_("Báo cáo của đơn vị này chưa được gửi."))
# The period-wide documents (the consolidated report, the urging letter, the matrix) and any other kind.
rule("documents.generate_period_documents", manages, system=True, refusal=_ONLY_COORDINATOR)
rule("documents.see_period_documents", may_see_period_documents, on=ReportingPeriod, system=True)
rule("documents.draft_consolidated", manages, system=True,
     refusal=_("Chỉ đơn vị đầu mối mới được soạn báo cáo tổng hợp."))
rule("documents.edit_signers", manages, system=True, refusal=_("Chỉ đơn vị đầu mối mới được sửa người ký văn bản."))
