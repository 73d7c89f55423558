"""The unitplans app's rule book (``kehoach.core.rules``): who may draw up, edit, send, approve and return
a unit's yearly plan. Checked by the services with ``require``, shown by the pages through ``actions_for``;
templates never test roles. The plan's state is part of each rule (as the buttons show it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import rule
from kehoach.organizations.models import Organization

from .choices import EDITABLE_STATES, YearPlanStatus
from .models import UnitYearPlan

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def is_member(user: User, unit_id) -> bool:
    return bool(user.is_unit_member and unit_id is not None and user.unit_id == unit_id)


def may_create(user: User, unit: Organization | None) -> bool:
    """A unit's own people draw up its plan for a year (``unit``: the unit; none for a user without one)."""
    return unit is not None and is_member(user, unit.pk)


def may_edit(user: User, year_plan: UnitYearPlan) -> bool:
    return year_plan.status in EDITABLE_STATES and is_member(user, year_plan.unit_id)


def may_submit(user: User, year_plan: UnitYearPlan) -> bool:
    return may_edit(user, year_plan) and user.is_unit_head


def may_decide(user: User, year_plan: UnitYearPlan) -> bool:
    return is_manager(user) and year_plan.status == YearPlanStatus.SUBMITTED


rule("unitplans.create", may_create, on=Organization,
     refusal=_("Chỉ cán bộ của đơn vị mới lập được kế hoạch năm của đơn vị."))
rule("unitplans.edit", may_edit, on=UnitYearPlan,
     refusal=_("Kế hoạch năm này không sửa được ở trạng thái hiện tại."))
rule("unitplans.submit", may_submit, on=UnitYearPlan,
     refusal=_("Chỉ lãnh đạo đơn vị mới gửi được kế hoạch năm của đơn vị."))
rule("unitplans.approve", may_decide, on=UnitYearPlan,
     refusal=_("Chỉ đơn vị đầu mối mới phê duyệt được kế hoạch năm đã gửi."))
rule("unitplans.return", may_decide, on=UnitYearPlan,
     refusal=_("Chỉ đơn vị đầu mối mới trả lại được kế hoạch năm đã gửi."))
