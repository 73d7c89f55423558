"""Writes to unit yearly plans: build from tasks, add own items, submit, approve or return."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.accounts.models import User
from kehoach.accounts.services import notification_create
from kehoach.core.rules import get_rule, require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import clean
from kehoach.core.workflow import Transition, Workflow
from kehoach.organizations.models import Organization

from .choices import EDITABLE_STATES, ItemSource, YearPlanStatus
from .models import UnitPlanItem, UnitYearPlan
from .selectors import candidate_tasks

PLAN_FIELDS = ["status", "note", "submitted_by_id", "submitted_at", "decided_by_id", "decided_at", "review_comment"]
ITEM_FIELDS = ["source", "task_id", "title", "product", "deadline", "planned_output", "target_date", "is_archived"]


def _tell_coordinators(year_plan: UnitYearPlan, actor) -> None:
    _tell(User.objects.filter(role="coordinator", is_active=True), year_plan,
          _("Kế hoạch năm của đơn vị chờ phê duyệt"))


def _tell_unit(title):
    return lambda year_plan, actor: _tell(year_plan.unit.users.filter(is_active=True), year_plan, title)


def _tell(users, year_plan: UnitYearPlan, title) -> None:
    for user in users:
        notification_create(user=user, title=str(title), body=str(year_plan), url=year_plan.get_absolute_url())


def _refused(year_plan: UnitYearPlan, transition: Transition) -> NoReturn:
    """The plan's state is part of each rule: the wrong state is refused with the rule's own message."""
    raise PermissionDenied(transition.refusal or get_rule(transition.rule).refusal)


YEAR_PLAN_FLOW = Workflow(UnitYearPlan, "status", [
    Transition("submit", source=tuple(EDITABLE_STATES), target=YearPlanStatus.SUBMITTED, rule="unitplans.submit",
               audit="unitplan.submit", notify=_tell_coordinators),
    Transition("approve", source=YearPlanStatus.SUBMITTED, target=YearPlanStatus.APPROVED, rule="unitplans.approve",
               audit="unitplan.approve", reason_field="",
               notify=_tell_unit(gettext_lazy("Kế hoạch năm của đơn vị đã được phê duyệt"))),
    Transition("return", source=YearPlanStatus.SUBMITTED, target=YearPlanStatus.RETURNED, rule="unitplans.return",
               audit="unitplan.return", reason_required=True, reason_field="", reason_error_field="comment",
               reason_message=gettext_lazy("Hãy ghi rõ lý do trả lại."),
               notify=_tell_unit(gettext_lazy("Kế hoạch năm của đơn vị được trả lại"))),
], audit_fields=PLAN_FIELDS, select_related=("unit",), state_error=_refused)


def _check_date_in_year(value: dt.date | None, year: int, field: str) -> None:
    if value is not None and value.year != year:
        raise ValidationError({field: _("Ngày %(date)s không thuộc năm %(year)s của kế hoạch.")
                               % {"date": value.strftime("%d/%m/%Y"), "year": year}})


@transaction.atomic
def yearplan_create(*, unit: Organization, year: int, actor: User) -> UnitYearPlan:
    """Start the unit's plan for the year, pre-filled with the plan tasks it leads or coordinates that year."""
    require(actor, "unitplans.create", unit)
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
    year_plan = YEAR_PLAN_FLOW.lock(year_plan)
    require(actor, "unitplans.edit", year_plan)
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
    year_plan = YEAR_PLAN_FLOW.lock(item.year_plan)
    require(actor, "unitplans.edit", year_plan)
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
    year_plan = YEAR_PLAN_FLOW.lock(item.year_plan)
    require(actor, "unitplans.edit", year_plan)
    before = snapshot(item, ITEM_FIELDS)
    item.is_archived = True
    item.save(update_fields=["is_archived"])
    audit_log(actor=actor, action="unitplan.item_remove", obj=year_plan, before=before,
              after=snapshot(item, ITEM_FIELDS), message=item.title[:200])
    return item


@transaction.atomic
def yearplan_submit(*, year_plan: UnitYearPlan, actor: User) -> UnitYearPlan:
    year_plan = YEAR_PLAN_FLOW.lock(year_plan)
    require(actor, "unitplans.submit", year_plan)  # who, before what the plan holds
    if not year_plan.items.filter(is_archived=False).exists():
        raise ValidationError(_("Kế hoạch năm chưa có nội dung nào."))
    return YEAR_PLAN_FLOW.apply(year_plan, "submit", actor=actor, lock=False,
                                extra={"submitted_by": actor, "submitted_at": timezone.now()})


@transaction.atomic
def yearplan_approve(*, year_plan: UnitYearPlan, actor: User, comment: str = "") -> UnitYearPlan:
    return YEAR_PLAN_FLOW.apply(year_plan, "approve", actor=actor, reason=comment, extra={
        "decided_by": actor, "decided_at": timezone.now(), "review_comment": (comment or "").strip()})


@transaction.atomic
def yearplan_return(*, year_plan: UnitYearPlan, actor: User, comment: str) -> UnitYearPlan:
    return YEAR_PLAN_FLOW.apply(year_plan, "return", actor=actor, reason=comment,
                                extra={"review_comment": (comment or "").strip()})
