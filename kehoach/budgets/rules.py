"""The budgets app's rule book (``kehoach.core.rules``): who may read budgets, file and send a unit's
estimate lines, report spending, appraise, and keep the list of projects calling for sponsorship. Checked
by the services with ``require``, shown by the pages through ``actions_for``; templates never test roles.

A line's state (editable, awaiting appraisal) is not part of these rules: the services refuse a wrong state
with their own message (a ValidationError) after asking who, and the pages show a button for it only in the
state it applies to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import rule
from kehoach.organizations.models import Organization
from kehoach.plans.models import Task

from .models import BudgetLine

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def is_finance(user: User) -> bool:
    """Vụ Kế hoạch, Tài chính: appraises the units' estimates."""
    return user.role == "finance"


def files_for(user: User, unit_id: int | None) -> bool:
    """A unit's focal point or head files its own lines; the coordinator may file for any unit."""
    return is_manager(user) or bool(user.is_unit_member and unit_id and unit_id == user.unit_id)


def may_view(user: User, obj) -> bool:
    """Budgets are read by the units (their own lines) and by the roles that see every unit."""
    return bool(user.sees_all_units or user.is_unit_member)


def may_file_line(user: User, unit: Organization | None) -> bool:
    """A new line for ``unit`` (none: for the user's own unit, i.e. whether the user files lines at all)."""
    return files_for(user, unit.pk if unit is not None else user.unit_id)


def may_file_for_any_unit(user: User, obj) -> bool:
    """The coordinator names the unit a line is for; a unit files only for itself."""
    return is_manager(user)


def on_the_lines_side(user: User, line: BudgetLine) -> bool:
    return files_for(user, line.unit_id)


def may_appraise(user: User, obj) -> bool:
    return is_finance(user)


def may_see_appraisal_queue(user: User, obj) -> bool:
    return bool(is_finance(user) or user.sees_all_units)


def may_toggle_sponsorship(user: User, obj) -> bool:
    return is_manager(user) or is_finance(user)


_APPRAISAL_REFUSAL = _("Chỉ Vụ Kế hoạch, Tài chính được thẩm định dự toán kinh phí.")

rule("budgets.view", may_view, refusal=_("Bạn không có quyền xem dự toán kinh phí."))
rule("budgets.file_line", may_file_line, on=Organization,
     refusal=_("Chỉ đơn vị được giao mới được lập dự toán kinh phí của mình."))
rule("budgets.file_for_any_unit", may_file_for_any_unit)
rule("budgets.edit_line", on_the_lines_side, on=BudgetLine,
     refusal=_("Chỉ đơn vị được giao mới được lập dự toán kinh phí của mình."))
rule("budgets.submit_line", on_the_lines_side, on=BudgetLine,
     refusal=_("Chỉ đơn vị được giao mới được gửi dự toán của mình."))
rule("budgets.archive_line", on_the_lines_side, on=BudgetLine,
     refusal=_("Chỉ đơn vị được giao mới được lưu trữ dự toán của mình."))
rule("budgets.report_spending", on_the_lines_side, on=BudgetLine,
     refusal=_("Chỉ đơn vị được giao mới được báo cáo số đã chi."))
rule("budgets.appraise", may_appraise, on=BudgetLine, refusal=_APPRAISAL_REFUSAL)
rule("budgets.see_appraisal_queue", may_see_appraisal_queue, refusal=_APPRAISAL_REFUSAL)
rule("budgets.toggle_sponsorship", may_toggle_sponsorship, on=Task,
     refusal=_("Chỉ Cục Hợp tác quốc tế hoặc Vụ Kế hoạch, Tài chính được đưa nhiệm vụ vào danh mục kêu gọi "
               "tài trợ."))
