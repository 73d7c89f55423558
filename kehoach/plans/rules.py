"""The plans app's rule book (``kehoach.core.rules``): who may import, correct, publish, archive and version
a plan, make its progress public, and do what to a task's tracking (deadline, people, extensions). Checked by
the services with ``require``, shown by the pages through ``actions_for`` / ``may``; templates never test
roles."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import rule
from kehoach.core.text import fold
from kehoach.organizations.selectors import groups_of

from .choices import AssignmentRole, ExtensionApprover, ExtensionState, PlanStatus, TaskProgress
from .models import Task, TaskExtension


def is_minister(user) -> bool:
    """The Minister: a leadership account whose position reads `Bộ trưởng` (not `Thứ trưởng`)."""
    return bool(user and user.is_authenticated and user.role == "leadership"
                and fold(user.position or "").startswith("bo truong"))


def leads_task(user, task) -> bool:
    """A member of the unit (or of a group it belongs to) that leads the task."""
    if not (user and user.is_authenticated and user.is_unit_member):
        return False
    org_ids = {user.unit_id, *(g.pk for g in groups_of(user.unit))}
    return any(a.role == AssignmentRole.LEAD and a.organization_id in org_ids for a in task.assignments.all())


def is_tracked(task) -> bool:
    return task.plan.status == PlanStatus.PUBLISHED and task.is_current and not task.is_archived


def may_set_tracking(user, task) -> bool:
    """Deadline, key-task flag, people and assigning document: the coordinating department."""
    return is_manager(user) and is_tracked(task)


def may_request_extension(user, task) -> bool:
    return (is_tracked(task) and task.progress != TaskProgress.COMPLETED
            and (is_manager(user) or leads_task(user, task)))


def may_decide_extension(user, extension) -> bool:
    """The leader in charge of the task; or the Minister when the plan says so (or no leader is named)."""
    if not (user and user.is_authenticated) or extension.state != ExtensionState.PENDING:
        return False
    task = extension.task
    if task.plan.extension_approver == ExtensionApprover.MINISTER or task.leader_in_charge_id is None:
        return is_minister(user)
    return user.pk == task.leader_in_charge_id


def may_withdraw_extension(user, extension) -> bool:
    return bool(user and user.is_authenticated and extension.state == ExtensionState.PENDING
                and (user.pk == extension.requested_by_id or is_manager(user)))


def may_make_public(user) -> bool:
    """Leadership decides what the ministry publishes (administrators too)."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == "leadership"))


def may_make_version(user) -> bool:
    """Who may give a published plan a new version: the coordinator (re-import), leadership (an approved
    amendment); the system too (the rule is declared ``system``)."""
    return is_manager(user) or bool(getattr(user, "is_leadership", False))


def may_see_summary(user) -> bool:
    """The summary by class across plans: leadership, the coordinator and finance (who see every unit)."""
    return bool(user and user.is_authenticated and user.sees_all_units)


_DECIDE_REFUSAL = _("Chỉ lãnh đạo phụ trách (hoặc Bộ trưởng, theo quy định của kế hoạch) mới được quyết định gia hạn.")

rule("plans.set_tracking", may_set_tracking, on=Task,
     refusal=_("Chỉ đơn vị đầu mối mới được cập nhật thông tin theo dõi nhiệm vụ."))
rule("plans.request_extension", may_request_extension, on=Task,
     refusal=_("Chỉ đơn vị chủ trì mới được đề nghị gia hạn nhiệm vụ."))
rule("plans.decide_extension", may_decide_extension, on=TaskExtension, refusal=_DECIDE_REFUSAL)
rule("plans.withdraw_extension", may_withdraw_extension, on=TaskExtension,
     refusal=_("Chỉ người đề nghị hoặc đơn vị đầu mối mới được rút đề nghị."))
rule("plans.see_summary", lambda user, obj: may_see_summary(user),
     refusal=_("Trang tổng hợp dành cho lãnh đạo Bộ, đơn vị đầu mối và Vụ Kế hoạch - Tài chính."))

# The plan's life: import, the draft's corrections, publication, facts, archive, versions, the public page.
rule("plans.import_plan", is_manager, system=True, refusal=_("Chỉ đơn vị đầu mối mới được nhập kế hoạch."))
rule("plans.edit_draft", is_manager, refusal=_("Chỉ đơn vị đầu mối mới được sửa bản nháp."))
rule("plans.publish", is_manager, system=True,
     refusal=_("Chỉ đơn vị đầu mối mới được ban hành kế hoạch vào hệ thống."))
rule("plans.archive", is_manager, refusal=_("Chỉ đơn vị đầu mối mới được lưu trữ kế hoạch."))
rule("plans.edit_plan", is_manager, refusal=_("Chỉ đơn vị đầu mối mới được sửa kế hoạch."))
rule("plans.make_version", may_make_version, system=True,
     refusal=_("Bạn không được tạo phiên bản mới của kế hoạch."))
rule("plans.make_public", may_make_public, refusal=_("Chỉ lãnh đạo Bộ mới được công khai tiến độ kế hoạch."))
