"""Drafting a proposal: its title and reason, its items (add, change, drop a task)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import clean
from kehoach.core.workflow import locked
from kehoach.plans.models import Plan, Task
from kehoach.plans.services import split_names

from ..choices import ItemKind
from ..models import AmendmentItem, AmendmentProposal
from .common import ITEM_FIELDS, PROPOSAL_FIELDS, PROPOSAL_FLOW, _check_plan_open

if TYPE_CHECKING:
    from kehoach.accounts.models import User


@transaction.atomic
def proposal_create(*, plan: Plan, actor: User, title: str, reason: str = "") -> AmendmentProposal:
    """A unit (or the coordinator) starts a draft proposal against the plan's current version."""
    require(actor, "amendments.propose")  # the plan's state is checked below, with its own message
    plan = locked(plan)
    _check_plan_open(plan)
    assert plan.current_version_id is not None  # a published plan always has its current version
    proposal = AmendmentProposal(plan=plan, unit_id=actor.unit_id, base_version_id=plan.current_version_id,
                                 title=clean(title), reason=(reason or "").strip(), created_by=actor)
    proposal.full_clean()
    proposal.save()
    audit_log(actor=actor, action="amendment.create", obj=proposal, after=snapshot(proposal, PROPOSAL_FIELDS))
    return proposal


@transaction.atomic
def proposal_update(*, proposal: AmendmentProposal, actor: User, title: str, reason: str = "") -> AmendmentProposal:
    proposal = PROPOSAL_FLOW.lock(proposal)
    require(actor, "amendments.edit_proposal", proposal)
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.title, proposal.reason = clean(title), (reason or "").strip()
    proposal.full_clean()
    proposal.save()
    audit_log(actor=actor, action="amendment.update", obj=proposal, before=before,
              after=snapshot(proposal, PROPOSAL_FIELDS))
    return proposal


def _validate_item(*, proposal: AmendmentProposal, actor, kind: str, task: Task | None, data: dict) -> None:
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("Loại đề xuất không hợp lệ.")})
    if not clean(data.get("reason")):
        raise ValidationError({"reason": _("Hãy nêu lý do của đề xuất.")})
    if kind == ItemKind.ADD:
        if not clean(data.get("title")):
            raise ValidationError({"title": _("Nhiệm vụ bổ sung cần có tên.")})
        leads = split_names(data.get("lead") or "")
        if not leads:
            raise ValidationError({"lead": _("Nhiệm vụ bổ sung cần có đơn vị chủ trì.")})
        require(actor, "amendments.add_task", leads)
        return
    if task is None:
        raise ValidationError({"task": _("Hãy chọn nhiệm vụ cần điều chỉnh hoặc đưa ra.")})
    if task.plan_id != proposal.plan_id or task.version_id != proposal.plan.current_version_id or task.is_archived:
        raise ValidationError({"task": _("Nhiệm vụ “%(task)s” không thuộc phiên bản hiện hành của kế hoạch.")
                               % {"task": str(task)[:80]}})
    require(actor, "amendments.amend_task", task)
    if kind == ItemKind.CHANGE and not any(clean(data.get(f)) for f in ("title", "lead", "coordinating", "products",
                                                                          "timeframe_raw")):
        raise ValidationError(_("Đề xuất điều chỉnh cần ít nhất một nội dung thay đổi (tên, chủ trì, phối hợp, "
                                "sản phẩm hoặc thời gian)."))
    if proposal.items.filter(is_archived=False, task__lineage=task.lineage).exists():
        raise ValidationError({"task": _("Nhiệm vụ này đã có trong đề xuất.")})


@transaction.atomic
def item_add(*, proposal: AmendmentProposal, actor: User, kind: str, task: Task | None = None,
             data: dict[str, Any]) -> AmendmentItem:
    """Add one add/change/drop line to a draft proposal."""
    proposal = PROPOSAL_FLOW.lock(proposal)
    require(actor, "amendments.edit_proposal", proposal)
    _check_plan_open(proposal.plan)
    if task is not None:
        task = Task.objects.prefetch_related("assignments").get(pk=task.pk)
    if kind == ItemKind.ADD:
        task = None
    _validate_item(proposal=proposal, actor=actor, kind=kind, task=task, data=data)
    last = proposal.items.order_by("-position").first()
    item = AmendmentItem(proposal=proposal, kind=kind, task=task, position=(last.position + 1) if last else 1,
                         **{f: clean(data.get(f)) for f in ("lead", "coordinating", "products", "timeframe_raw")},
                         title=clean(data.get("title")) if kind != ItemKind.DROP else "",
                         reason=(data.get("reason") or "").strip())
    if kind == ItemKind.DROP:
        item.lead = item.coordinating = item.products = item.timeframe_raw = ""
    item.full_clean()
    item.save()
    audit_log(actor=actor, action="amendment.item_add", obj=proposal, after=snapshot(item, ITEM_FIELDS),
              message=str(item))
    return item


@transaction.atomic
def item_remove(*, item: AmendmentItem, actor: User) -> AmendmentItem:
    """Take a line out of a draft (kept, marked, for the trail)."""
    proposal = PROPOSAL_FLOW.lock(item.proposal)
    require(actor, "amendments.edit_proposal", proposal)
    before = snapshot(item, ITEM_FIELDS)
    item.is_archived = True
    item.save(update_fields=["is_archived"])
    audit_log(actor=actor, action="amendment.item_remove", obj=proposal, before=before,
              after=snapshot(item, ITEM_FIELDS), message=str(item))
    return item
