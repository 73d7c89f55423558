"""Tracking a task the way the state does: deadline, key-task flag, people, the assigning document, and
deadline extensions (a declarative workflow, ``EXTENSION_FLOW``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.workflow import Transition, Workflow, locked

from .. import rules
from ..cache import plan_data_changed
from ..choices import ExtensionState, TaskProgress
from ..models import Task, TaskExtension

if TYPE_CHECKING:
    from kehoach.accounts.models import User

TRACKING_FIELDS = ["is_key", "deadline_set", "deadline_extended", "leader_in_charge_id", "tracking_officer_id",
                   "focal_point_id", "assigned_by_number", "assigned_by_date", "assigned_by_issuer",
                   "assigned_by_file"]
EXTENSION_FIELDS = ["state", "proposed_date", "previous_deadline", "comment", "decided_by_id", "decided_at"]


@transaction.atomic
def task_set_tracking(*, task: Task, actor: User, data: dict) -> Task:
    """The coordinator sets what the plan's text leaves open: a deadline, the key-task flag, the people in
    charge and the document that assigned the task. Keys absent from ``data`` are left as they are."""
    require(actor, "plans.set_tracking", task)
    task = locked(task, "plan")
    before = snapshot(task, TRACKING_FIELDS)
    for name in ("is_key", "deadline_set", "leader_in_charge", "tracking_officer", "focal_point",
                 "assigned_by_number", "assigned_by_date", "assigned_by_issuer", "assigned_by_file"):
        if name in data:
            value = data[name]
            setattr(task, name, value.strip() if isinstance(value, str) else value)
    if task.leader_in_charge is not None and task.leader_in_charge.role != "leadership":
        raise ValidationError({"leader_in_charge": _("Lãnh đạo phụ trách phải là tài khoản Lãnh đạo Bộ.")})
    if task.tracking_officer is not None and task.tracking_officer.role != "coordinator":
        raise ValidationError({"tracking_officer": _(
            "Chuyên viên theo dõi phải thuộc đơn vị đầu mối theo dõi.")})
    if task.focal_point_id and not rules.leads_task(task.focal_point, task):
        raise ValidationError({"focal_point": _("Đầu mối phải là cán bộ của đơn vị chủ trì nhiệm vụ.")})
    if task.deadline_set and task.timeframe_start and task.deadline_set < task.timeframe_start:
        raise ValidationError({"deadline_set": _("Thời hạn không được trước ngày bắt đầu thực hiện (%(date)s).")
                               % {"date": f"{task.timeframe_start:%d/%m/%Y}"}})
    task.full_clean()
    task.save()
    plan_data_changed(task.plan_id)
    audit_log(actor=actor, action="task.tracking", obj=task, before=before, after=snapshot(task, TRACKING_FIELDS))
    return task


# --- extensions ------------------------------------------------------------------------------------

EXTENSION_FLOW = Workflow(TaskExtension, "state", [
    Transition("approve", source=ExtensionState.PENDING, target=ExtensionState.APPROVED,
               rule="plans.decide_extension", audit="task.extension_approve"),
    Transition("refuse", source=ExtensionState.PENDING, target=ExtensionState.REFUSED,
               rule="plans.decide_extension", audit="task.extension_refuse", reason_required=True),
    Transition("withdraw", source=ExtensionState.PENDING, target=ExtensionState.WITHDRAWN,
               rule="plans.withdraw_extension", audit="task.extension_withdraw"),
], audit_fields=EXTENSION_FIELDS, select_related=("task__plan",))


@transaction.atomic
def extension_request(*, task: Task, actor: User, reason: str, proposed_date: dt.date | None) -> TaskExtension:
    """The lead unit asks for a later deadline."""
    task = locked(task, "plan")
    if task.progress == TaskProgress.COMPLETED:
        raise ValidationError({"proposed_date": _("Nhiệm vụ đã hoàn thành, không đề nghị gia hạn được.")})
    require(actor, "plans.request_extension", task)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy nêu lý do đề nghị gia hạn.")})
    if proposed_date is None:
        raise ValidationError({"proposed_date": _("Hãy nhập thời hạn đề nghị (dd/mm/yyyy).")})
    current = task.deadline
    if current is None:
        raise ValidationError({"proposed_date": _(
            "Nhiệm vụ không có thời hạn cụ thể; đề nghị đơn vị đầu mối ấn định thời hạn trước khi gia hạn.")})
    if proposed_date <= current:
        raise ValidationError({"proposed_date": _(
            "Thời hạn đề nghị phải sau thời hạn hiện tại (%(date)s).") % {"date": f"{current:%d/%m/%Y}"}})
    if task.extensions.filter(state=ExtensionState.PENDING).exists():
        raise ValidationError({"proposed_date": _("Nhiệm vụ đang có một đề nghị gia hạn chờ duyệt.")})
    extension = TaskExtension(task=task, reason=reason.strip(), proposed_date=proposed_date,
                              previous_deadline=current, requested_by=actor,
                              requested_unit_id=actor.unit_id if actor.is_unit_member else None)
    extension.full_clean()
    extension.save()
    task.extension_requests += 1
    task.save(update_fields=["extension_requests", "updated_at"])
    plan_data_changed(task.plan_id)  # kept lists show a task's extensions (the API's)
    audit_log(actor=actor, action="task.extension_request", obj=extension,
              after=snapshot(extension, EXTENSION_FIELDS), message=extension.reason)
    audit_log(actor=actor, action="task.extension_request", obj=task,
              message=_("Đề nghị gia hạn đến %(date)s") % {"date": f"{proposed_date:%d/%m/%Y}"})
    return extension


@transaction.atomic
def extension_approve(*, extension: TaskExtension, actor: User, comment: str = "") -> TaskExtension:
    extension = EXTENSION_FLOW.apply(extension, "approve", actor=actor, reason=comment,
                         extra={"decided_by": actor, "decided_at": timezone.now()})
    task = locked(extension.task, "plan")
    before = snapshot(task, TRACKING_FIELDS)
    task.deadline_extended = extension.proposed_date
    task.save(update_fields=["deadline_extended", "updated_at"])
    plan_data_changed(task.plan_id)
    audit_log(actor=actor, action="task.extension_approve", obj=task, before=before,
              after=snapshot(task, TRACKING_FIELDS))
    return extension


@transaction.atomic
def extension_refuse(*, extension: TaskExtension, actor: User, comment: str) -> TaskExtension:
    extension = EXTENSION_FLOW.apply(extension, "refuse", actor=actor, reason=comment,
                                     extra={"decided_by": actor, "decided_at": timezone.now()})
    plan_data_changed(extension.task.plan_id)
    return extension


@transaction.atomic
def extension_withdraw(*, extension: TaskExtension, actor: User) -> TaskExtension:
    extension = EXTENSION_FLOW.apply(extension, "withdraw", actor=actor)
    plan_data_changed(extension.task.plan_id)
    return extension
