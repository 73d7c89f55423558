"""Tracking a task the way the state does: deadline, key-task flag, people, the assigning document, and
deadline extensions (a declarative workflow, ``EXTENSION_FLOW``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.core.permissions import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.workflow import Transition, Workflow

from .. import rules
from ..choices import ExtensionState, TaskProgress
from ..models import Task, TaskExtension

if TYPE_CHECKING:
    from kehoach.accounts.models import User

TRACKING_FIELDS = ["is_key", "deadline_set", "deadline_extended", "leader_in_charge_id", "tracking_officer_id",
                   "focal_point_id", "assigned_by_number", "assigned_by_date", "assigned_by_issuer",
                   "assigned_by_file"]
EXTENSION_FIELDS = ["state", "proposed_date", "previous_deadline", "comment", "decided_by_id", "decided_at"]


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("plan").get(pk=task.pk)


@transaction.atomic
def task_set_tracking(*, task: Task, actor: User, data: dict) -> Task:
    """The coordinator sets what the plan's text leaves open: a deadline, the key-task flag, the people in
    charge and the document that assigned the task. Keys absent from ``data`` are left as they are."""
    require(rules.may_set_tracking(actor, task), _("Chỉ đơn vị đầu mối mới được cập nhật thông tin theo dõi nhiệm vụ."))
    task = _locked(task)
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
    audit_log(actor=actor, action="task.tracking", obj=task, before=before, after=snapshot(task, TRACKING_FIELDS))
    return task


# --- extensions ------------------------------------------------------------------------------------

EXTENSION_FLOW = Workflow("state", [
    Transition("approve", source=ExtensionState.PENDING, target=ExtensionState.APPROVED,
               rule=rules.may_decide_extension, audit="task.extension_approve",
               refusal=gettext_lazy("Chỉ lãnh đạo phụ trách (hoặc Bộ trưởng, theo quy định của kế hoạch) "
                                    "mới được quyết định gia hạn.")),
    Transition("refuse", source=ExtensionState.PENDING, target=ExtensionState.REFUSED,
               rule=rules.may_decide_extension, audit="task.extension_refuse", reason_required=True,
               refusal=gettext_lazy("Chỉ lãnh đạo phụ trách (hoặc Bộ trưởng, theo quy định của kế hoạch) "
                                    "mới được quyết định gia hạn.")),
    Transition("withdraw", source=ExtensionState.PENDING, target=ExtensionState.WITHDRAWN,
               rule=rules.may_withdraw_extension, audit="task.extension_withdraw",
               refusal=gettext_lazy("Chỉ người đề nghị hoặc đơn vị đầu mối mới được rút đề nghị.")),
], audit_fields=EXTENSION_FIELDS)


@transaction.atomic
def extension_request(*, task: Task, actor: User, reason: str, proposed_date: dt.date | None) -> TaskExtension:
    """The lead unit asks for a later deadline."""
    task = _locked(task)
    if task.progress == TaskProgress.COMPLETED:
        raise ValidationError({"proposed_date": _("Nhiệm vụ đã hoàn thành, không đề nghị gia hạn được.")})
    require(rules.may_request_extension(actor, task), _("Chỉ đơn vị chủ trì mới được đề nghị gia hạn nhiệm vụ."))
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
    audit_log(actor=actor, action="task.extension_request", obj=extension,
              after=snapshot(extension, EXTENSION_FIELDS), message=extension.reason)
    audit_log(actor=actor, action="task.extension_request", obj=task,
              message=_("Đề nghị gia hạn đến %(date)s") % {"date": f"{proposed_date:%d/%m/%Y}"})
    return extension


def _locked_extension(extension: TaskExtension) -> TaskExtension:
    return TaskExtension.objects.select_for_update().select_related("task__plan").get(pk=extension.pk)


@transaction.atomic
def extension_approve(*, extension: TaskExtension, actor: User, comment: str = "") -> TaskExtension:
    extension = _locked_extension(extension)
    EXTENSION_FLOW.apply(extension, "approve", actor=actor, reason=comment,
                         extra={"decided_by": actor, "decided_at": timezone.now()})
    task = _locked(extension.task)
    before = snapshot(task, TRACKING_FIELDS)
    task.deadline_extended = extension.proposed_date
    task.save(update_fields=["deadline_extended", "updated_at"])
    audit_log(actor=actor, action="task.extension_approve", obj=task, before=before,
              after=snapshot(task, TRACKING_FIELDS))
    return extension


@transaction.atomic
def extension_refuse(*, extension: TaskExtension, actor: User, comment: str) -> TaskExtension:
    extension = _locked_extension(extension)
    return EXTENSION_FLOW.apply(extension, "refuse", actor=actor, reason=comment,
                                extra={"decided_by": actor, "decided_at": timezone.now()})


@transaction.atomic
def extension_withdraw(*, extension: TaskExtension, actor: User) -> TaskExtension:
    extension = _locked_extension(extension)
    return EXTENSION_FLOW.apply(extension, "withdraw", actor=actor)
