"""The cooperation app's rule book (``kehoach.core.rules``): who syncs the register from a plan, updates an
activity, and files agreements and events. The Department of International Cooperation (the coordinator) and
administrators everything; a unit its own activities and the records it manages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import rule

from .models import Activity, Agreement, Event


def may_file(user) -> bool:
    """Agreements and events are filed by the coordinator and by the units (each for itself)."""
    return is_manager(user) or bool(user.is_unit_member)


def may_edit_activity(user, activity) -> bool:
    if is_manager(user):
        return True
    return bool(user.is_unit_member and any(u.pk == user.unit_id for u in activity.units.all()))


def may_edit_owned(user, record) -> bool:
    """The coordinator edits every agreement and event; a unit only those it manages."""
    if is_manager(user):
        return True
    return bool(user.is_unit_member and record.owner_unit_id and record.owner_unit_id == user.unit_id)


def may_budget_activity(user) -> bool:
    """The button to cost an activity (the budgets page checks its own rule)."""
    return bool(user.is_unit_member or user.is_coordinator)


def may_see_activity_budget(user) -> bool:
    """An activity's budget lines across units: the roles that see every unit."""
    return bool(user.sees_all_units)


_OWN_UNIT = _("Bạn chỉ được cập nhật văn kiện, sự kiện của đơn vị mình.")

rule("cooperation.sync_activities", is_manager, system=True,
     refusal=_("Chỉ Cục Hợp tác quốc tế được đồng bộ danh mục hoạt động."))
rule("cooperation.edit_activity", may_edit_activity, on=Activity,
     refusal=_("Chỉ Cục Hợp tác quốc tế hoặc đơn vị thực hiện được cập nhật trạng thái hoạt động."))
rule("cooperation.file_record", may_file, refusal=_("Bạn không có quyền cập nhật sổ theo dõi hợp tác quốc tế."))
rule("cooperation.create_agreement", may_file,
     refusal=_("Chỉ Cục Hợp tác quốc tế và các đơn vị được cập nhật văn kiện hợp tác."))
rule("cooperation.create_event", may_file, refusal=_("Chỉ Cục Hợp tác quốc tế và các đơn vị được cập nhật sự kiện."))
rule("cooperation.edit_agreement", may_edit_owned, on=Agreement, refusal=_OWN_UNIT)
rule("cooperation.edit_event", may_edit_owned, on=Event, refusal=_OWN_UNIT)
rule("cooperation.budget_activity", may_budget_activity)
rule("cooperation.see_activity_budget", may_see_activity_budget)
