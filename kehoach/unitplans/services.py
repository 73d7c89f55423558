"""Writes to unit yearly plans: build from tasks, add own items, submit, approve or return."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.accounts.models import User
from kehoach.accounts.services import notification_create
from kehoach.core.permissions import is_manager, require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import clean
from kehoach.organizations.models import Organization

from .choices import EDITABLE_STATES, ItemSource, YearPlanStatus
from .models import UnitPlanItem, UnitYearPlan
from .selectors import candidate_tasks

PLAN_FIELDS = ["status", "note", "submitted_by_id", "submitted_at", "decided_by_id", "decided_at", "review_comment"]
ITEM_FIELDS = ["source", "task_id", "title", "product", "deadline", "planned_output", "target_date", "is_archived"]


def is_member(user: User, unit_id) -> bool:
    return bool(user.is_authenticated and user.is_unit_member and user.unit_id == unit_id)


def can_edit(user: User, year_plan: UnitYearPlan) -> bool:
    return year_plan.status in EDITABLE_STATES and is_member(user, year_plan.unit_id)


def can_submit(user: User, year_plan: UnitYearPlan) -> bool:
    return year_plan.status in EDITABLE_STATES and is_member(user, year_plan.unit_id) and user.is_unit_head


def can_decide(user: User, year_plan: UnitYearPlan) -> bool:
    return is_manager(user) and year_plan.status == YearPlanStatus.SUBMITTED


def _lock(year_plan: UnitYearPlan) -> UnitYearPlan:
    return UnitYearPlan.objects.select_for_update().get(pk=year_plan.pk)


def _check_date_in_year(value: dt.date | None, year: int, field: str) -> None:
    if value is not None and value.year != year:
        raise ValidationError({field: _("Ngày %(date)s không thuộc năm %(year)s của kế hoạch.")
                               % {"date": value.strftime("%d/%m/%Y"), "year": year}})


@transaction.atomic
def yearplan_create(*, unit: Organization, year: int, actor: User) -> UnitYearPlan:
    """Start the unit's plan for the year, pre-filled with the plan tasks it leads or coordinates that year."""
    require(is_member(actor, unit.pk), _("Chỉ cán bộ của đơn vị mới lập được kế hoạch năm của đơn vị."))
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Năm %(year)s không hợp lệ.") % {"year": year}})
    if UnitYearPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": _("Đơn vị đã có kế hoạch năm %(year)s.") % {"year": year}})
    year_plan = UnitYearPlan(unit=unit, year=year, created_by=actor)
    year_plan.full_clean()
    try:
        with transaction.atomic():
            year_plan.save()
    except IntegrityError:  # two people creating it at once
        raise ValidationError({"year": _("Đơn vị đã có kế hoạch năm %(year)s.") % {"year": year}}) from None
    items = []
    for position, (task, role) in enumerate(candidate_tasks(unit, year), start=1):
        items.append(UnitPlanItem(
            year_plan=year_plan, source=role, task=task, task_lineage=task.lineage, title=task.title,
            product=", ".join(p.name for p in task.products.all())[:500],
            deadline=task.timeframe_end if task.timeframe_end and task.timeframe_end.year == year else None,
            position=position))
    UnitPlanItem.objects.bulk_create(items)
    audit_log(actor=actor, action="unitplan.create", obj=year_plan, after={**snapshot(year_plan, PLAN_FIELDS),
                                                                           "items": len(items)})
    return year_plan


@transaction.atomic
def item_add(*, year_plan: UnitYearPlan, actor: User, title: str, product: str = "", deadline: dt.date | None = None,
             planned_output: str = "", target_date: dt.date | None = None) -> UnitPlanItem:
    """An item of the unit's own, outside the ministry's plans."""
    year_plan = _lock(year_plan)
    require(can_edit(actor, year_plan), _("Kế hoạch năm này không sửa được ở trạng thái hiện tại."))
    if not clean(title):
        raise ValidationError({"title": _("Hãy ghi nội dung nhiệm vụ.")})
    _check_date_in_year(deadline, year_plan.year, "deadline")
    _check_date_in_year(target_date, year_plan.year, "target_date")
    last = year_plan.items.order_by("-position").first()
    item = UnitPlanItem(year_plan=year_plan, source=ItemSource.OWN, title=clean(title), product=clean(product)[:500],
                        deadline=deadline, planned_output=(planned_output or "").strip(), target_date=target_date,
                        position=(last.position + 1) if last else 1)
    item.full_clean()
    item.save()
    audit_log(actor=actor, action="unitplan.item_add", obj=year_plan, after=snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def item_update(*, item: UnitPlanItem, actor: User, planned_output: str, target_date: dt.date | None) -> UnitPlanItem:
    year_plan = _lock(item.year_plan)
    require(can_edit(actor, year_plan), _("Kế hoạch năm này không sửa được ở trạng thái hiện tại."))
    _check_date_in_year(target_date, year_plan.year, "target_date")
    before = snapshot(item, ITEM_FIELDS)
    item.planned_output, item.target_date = (planned_output or "").strip(), target_date
    item.full_clean()
    item.save()
    audit_log(actor=actor, action="unitplan.item_update", obj=year_plan, before=before,
              after=snapshot(item, ITEM_FIELDS), message=item.title[:200])
    return item


@transaction.atomic
def item_archive(*, item: UnitPlanItem, actor: User) -> UnitPlanItem:
    year_plan = _lock(item.year_plan)
    require(can_edit(actor, year_plan), _("Kế hoạch năm này không sửa được ở trạng thái hiện tại."))
    before = snapshot(item, ITEM_FIELDS)
    item.is_archived = True
    item.save(update_fields=["is_archived"])
    audit_log(actor=actor, action="unitplan.item_remove", obj=year_plan, before=before,
              after=snapshot(item, ITEM_FIELDS), message=item.title[:200])
    return item


def _transition(year_plan, *, actor, status, action, message="", **fields):
    before = snapshot(year_plan, PLAN_FIELDS)
    year_plan.status = status
    for name, value in fields.items():
        setattr(year_plan, name, value)
    year_plan.full_clean()
    year_plan.save()
    audit_log(actor=actor, action=action, obj=year_plan, before=before, after=snapshot(year_plan, PLAN_FIELDS),
              message=message)
    return year_plan


def _notify(users, year_plan, title):
    for user in users:
        notification_create(user=user, title=title, body=str(year_plan), url=year_plan.get_absolute_url())


@transaction.atomic
def yearplan_submit(*, year_plan: UnitYearPlan, actor: User) -> UnitYearPlan:
    year_plan = _lock(year_plan)
    require(can_submit(actor, year_plan), _("Chỉ lãnh đạo đơn vị mới gửi được kế hoạch năm của đơn vị."))
    if not year_plan.items.filter(is_archived=False).exists():
        raise ValidationError(_("Kế hoạch năm chưa có nội dung nào."))
    year_plan = _transition(year_plan, actor=actor, status=YearPlanStatus.SUBMITTED, action="unitplan.submit",
                            submitted_by=actor, submitted_at=timezone.now())
    _notify(User.objects.filter(role="coordinator", is_active=True), year_plan,
            _("Kế hoạch năm của đơn vị chờ phê duyệt"))
    return year_plan


@transaction.atomic
def yearplan_approve(*, year_plan: UnitYearPlan, actor: User, comment: str = "") -> UnitYearPlan:
    year_plan = _lock(year_plan)
    require(can_decide(actor, year_plan), _("Chỉ đơn vị đầu mối mới phê duyệt được kế hoạch năm đã gửi."))
    year_plan = _transition(year_plan, actor=actor, status=YearPlanStatus.APPROVED, action="unitplan.approve",
                            message=(comment or "").strip(), decided_by=actor, decided_at=timezone.now(),
                            review_comment=(comment or "").strip())
    _notify(year_plan.unit.users.filter(is_active=True), year_plan, _("Kế hoạch năm của đơn vị đã được phê duyệt"))
    return year_plan


@transaction.atomic
def yearplan_return(*, year_plan: UnitYearPlan, actor: User, comment: str) -> UnitYearPlan:
    year_plan = _lock(year_plan)
    require(can_decide(actor, year_plan), _("Chỉ đơn vị đầu mối mới trả lại được kế hoạch năm đã gửi."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Hãy ghi rõ lý do trả lại.")})
    year_plan = _transition(year_plan, actor=actor, status=YearPlanStatus.RETURNED, action="unitplan.return",
                            message=comment.strip(), review_comment=comment.strip())
    _notify(year_plan.unit.users.filter(is_active=True), year_plan, _("Kế hoạch năm của đơn vị được trả lại"))
    return year_plan
