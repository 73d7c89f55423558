"""Writes to amendment proposals: drafting, review, decision, and the plan version an approval makes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.accounts.models import User
from kehoach.accounts.services import notification_create
from kehoach.core.permissions import is_manager, require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import clean, name_key
from kehoach.core.timeframes import parse_timeframe
from kehoach.plans.choices import AssignmentRole, PlanStatus, VersionSource
from kehoach.plans.models import Plan, PlanVersion, Task
from kehoach.plans.services import plan_new_version, split_names, task_rows

from .choices import EDITABLE_STATES, ItemKind, ProposalStatus
from .models import AmendmentItem, AmendmentProposal, ProposalComment

PROPOSAL_FIELDS = ["title", "reason", "status", "base_version_id", "submitted_by_id", "submitted_at",
                   "reviewed_by_id", "reviewed_at", "decided_by_id", "decided_at", "decision_number",
                   "decision_date", "result_version_id"]
ITEM_FIELDS = ["kind", "task_id", "title", "lead", "coordinating", "products", "timeframe_raw", "reason",
               "is_archived"]


# --- who may do what ---------------------------------------------------------------------------

def leads_task(user, task: Task) -> bool:
    """A unit proposes only for tasks it is itself named to lead (not through a group)."""
    return bool(user.is_unit_member and any(
        a.role == AssignmentRole.LEAD and a.organization_id == user.unit_id for a in task.assignments.all()))


def can_propose_for(user, task: Task) -> bool:
    return is_manager(user) or leads_task(user, task)


def _is_author_side(user, proposal: AmendmentProposal) -> bool:
    if is_manager(user):
        return proposal.created_by_id == user.pk
    return bool(user.is_unit_member and proposal.unit_id == user.unit_id)


def can_edit(user, proposal: AmendmentProposal) -> bool:
    return proposal.status in EDITABLE_STATES and _is_author_side(user, proposal)


def can_submit(user, proposal: AmendmentProposal) -> bool:
    """The unit head sends the unit's proposal; the coordinator sends its own."""
    if proposal.status not in EDITABLE_STATES:
        return False
    if is_manager(user):
        return proposal.created_by_id == user.pk
    return bool(user.is_unit_head and proposal.unit_id == user.unit_id)


def can_review(user, proposal: AmendmentProposal) -> bool:
    return is_manager(user) and proposal.status == ProposalStatus.SUBMITTED


def can_return(user, proposal: AmendmentProposal) -> bool:
    return is_manager(user) and proposal.status in (ProposalStatus.SUBMITTED, ProposalStatus.FORWARDED)


def can_decide(user, proposal: AmendmentProposal) -> bool:
    """The Minister or a delegated leader (role leadership) decides; nobody else."""
    return bool(user.is_authenticated and user.is_leadership and proposal.status == ProposalStatus.FORWARDED)


def can_comment(user, proposal: AmendmentProposal) -> bool:
    return bool(user.is_authenticated and (user.sees_all_units or _is_author_side(user, proposal)))


def can_rebase(user, proposal: AmendmentProposal) -> bool:
    live = proposal.status in (*EDITABLE_STATES, ProposalStatus.SUBMITTED, ProposalStatus.FORWARDED)
    return live and (is_manager(user) or _is_author_side(user, proposal))


# --- helpers --------------------------------------------------------------------------------------

def _lock(proposal: AmendmentProposal) -> AmendmentProposal:
    return AmendmentProposal.objects.select_for_update(of=("self",)).select_related("plan").get(pk=proposal.pk)


def _check_plan_open(plan: Plan) -> None:
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Chỉ đề xuất điều chỉnh được kế hoạch đang ban hành; kế hoạch này ở trạng thái "
                                "“%(status)s”.") % {"status": plan.get_status_display()})


def _check_up_to_date(proposal: AmendmentProposal, plan: Plan) -> None:
    if plan.current_version_id != proposal.base_version_id:
        raise ValidationError(_(
            "Đề xuất được lập trên phiên bản %(base)s nhưng kế hoạch đã có phiên bản %(current)s. "
            "Hãy cập nhật đề xuất theo phiên bản hiện hành trước khi tiếp tục.")
            % {"base": proposal.base_version.number,
               # A fresh read: after waiting on the lock, a joined row would come from the older snapshot.
               "current": PlanVersion.objects.get(pk=plan.current_version_id).number})


def _transition(proposal, *, actor, status: str, action: str, message: str = "", **fields) -> AmendmentProposal:
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.status = status
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.full_clean()
    proposal.save()
    if message:
        ProposalComment.objects.create(proposal=proposal, author=actor, author_name=str(actor), body=message)
    audit_log(actor=actor, action=action, obj=proposal, before=before, after=snapshot(proposal, PROPOSAL_FIELDS),
              message=message)
    return proposal


def _notify(users, proposal: AmendmentProposal, title: str) -> None:
    for user in users:
        notification_create(user=user, title=title, body=proposal.title, url=proposal.get_absolute_url())


def _unit_people(proposal):
    return User.objects.filter(unit_id=proposal.unit_id, is_active=True, role__in=["focal_point", "unit_head"])


def _people(role):
    return User.objects.filter(role=role, is_active=True)


# --- drafting -----------------------------------------------------------------------------------

@transaction.atomic
def proposal_create(*, plan: Plan, actor, title: str, reason: str = "") -> AmendmentProposal:
    """A unit (or the coordinator) starts a draft proposal against the plan's current version."""
    require(is_manager(actor) or actor.is_unit_member,
            _("Chỉ đơn vị được giao nhiệm vụ hoặc đơn vị đầu mối mới lập được đề xuất điều chỉnh."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_plan_open(plan)
    proposal = AmendmentProposal(plan=plan, unit_id=actor.unit_id, base_version_id=plan.current_version_id,
                                 title=clean(title), reason=(reason or "").strip(), created_by=actor)
    proposal.full_clean()
    proposal.save()
    audit_log(actor=actor, action="amendment.create", obj=proposal, after=snapshot(proposal, PROPOSAL_FIELDS))
    return proposal


@transaction.atomic
def proposal_update(*, proposal: AmendmentProposal, actor, title: str, reason: str = "") -> AmendmentProposal:
    proposal = _lock(proposal)
    require(can_edit(actor, proposal), _("Bạn không được sửa đề xuất này ở trạng thái hiện tại."))
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
        if not is_manager(actor):
            if actor.unit is None or name_key(actor.unit.name) not in {name_key(n) for n in leads}:
                raise PermissionDenied(_("Đơn vị chỉ đề xuất bổ sung nhiệm vụ do chính đơn vị chủ trì; "
                                         "hãy ghi tên đơn vị mình là đơn vị chủ trì."))
        return
    if task is None:
        raise ValidationError({"task": _("Hãy chọn nhiệm vụ cần điều chỉnh hoặc đưa ra.")})
    if task.plan_id != proposal.plan_id or task.version_id != proposal.plan.current_version_id or task.is_archived:
        raise ValidationError({"task": _("Nhiệm vụ “%(task)s” không thuộc phiên bản hiện hành của kế hoạch.")
                               % {"task": str(task)[:80]}})
    require(can_propose_for(actor, task),
            _("Đơn vị chỉ đề xuất điều chỉnh nhiệm vụ do đơn vị mình chủ trì."))
    if kind == ItemKind.CHANGE and not any(clean(data.get(f)) for f in ("title", "lead", "coordinating", "products",
                                                                          "timeframe_raw")):
        raise ValidationError(_("Đề xuất điều chỉnh cần ít nhất một nội dung thay đổi (tên, chủ trì, phối hợp, "
                                "sản phẩm hoặc thời gian)."))
    if proposal.items.filter(is_archived=False, task__lineage=task.lineage).exists():
        raise ValidationError({"task": _("Nhiệm vụ này đã có trong đề xuất.")})


@transaction.atomic
def item_add(*, proposal: AmendmentProposal, actor, kind: str, task: Task | None = None,
             data: dict[str, Any]) -> AmendmentItem:
    """Add one add/change/drop line to a draft proposal."""
    proposal = _lock(proposal)
    require(can_edit(actor, proposal), _("Bạn không được sửa đề xuất này ở trạng thái hiện tại."))
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
def item_remove(*, item: AmendmentItem, actor) -> AmendmentItem:
    """Take a line out of a draft (kept, marked, for the trail)."""
    proposal = _lock(item.proposal)
    require(can_edit(actor, proposal), _("Bạn không được sửa đề xuất này ở trạng thái hiện tại."))
    before = snapshot(item, ITEM_FIELDS)
    item.is_archived = True
    item.save(update_fields=["is_archived"])
    audit_log(actor=actor, action="amendment.item_remove", obj=proposal, before=before,
              after=snapshot(item, ITEM_FIELDS), message=str(item))
    return item


# --- workflow -------------------------------------------------------------------------------------

@transaction.atomic
def proposal_submit(*, proposal: AmendmentProposal, actor) -> AmendmentProposal:
    proposal = _lock(proposal)
    require(can_submit(actor, proposal), _("Chỉ lãnh đạo đơn vị đề xuất mới gửi được đề xuất này."))
    plan = Plan.objects.select_for_update().get(pk=proposal.plan_id)
    _check_plan_open(plan)
    _check_up_to_date(proposal, plan)
    if not proposal.items.filter(is_archived=False).exists():
        raise ValidationError(_("Đề xuất chưa có nội dung điều chỉnh nào."))
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.SUBMITTED, action="amendment.submit",
                           submitted_by=actor, submitted_at=timezone.now())
    _notify(_people("coordinator"), proposal, _("Có đề xuất điều chỉnh kế hoạch mới cần xem xét"))
    return proposal


@transaction.atomic
def proposal_forward(*, proposal: AmendmentProposal, actor, comment: str = "") -> AmendmentProposal:
    """The coordinating department has reviewed it and sends it to leadership."""
    proposal = _lock(proposal)
    require(can_review(actor, proposal), _("Chỉ đơn vị đầu mối mới trình được đề xuất đã gửi."))
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.FORWARDED, action="amendment.forward",
                           message=(comment or "").strip(), reviewed_by=actor, reviewed_at=timezone.now())
    _notify(_people("leadership"), proposal, _("Đề xuất điều chỉnh kế hoạch chờ Lãnh đạo Bộ quyết định"))
    return proposal


@transaction.atomic
def proposal_return(*, proposal: AmendmentProposal, actor, comment: str) -> AmendmentProposal:
    proposal = _lock(proposal)
    require(can_return(actor, proposal), _("Chỉ đơn vị đầu mối mới trả lại được đề xuất."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Hãy ghi rõ lý do trả lại để đơn vị hoàn thiện.")})
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.RETURNED, action="amendment.return",
                           message=comment.strip(), reviewed_by=actor, reviewed_at=timezone.now())
    _notify(_unit_people(proposal), proposal, _("Đề xuất điều chỉnh được trả lại để hoàn thiện"))
    return proposal


@transaction.atomic
def proposal_comment(*, proposal: AmendmentProposal, actor, body: str) -> ProposalComment:
    require(can_comment(actor, proposal), _("Bạn không được góp ý đề xuất này."))
    if not (body or "").strip():
        raise ValidationError({"body": _("Ý kiến không được để trống.")})
    comment = ProposalComment.objects.create(proposal=proposal, author=actor, author_name=str(actor),
                                             body=body.strip())
    audit_log(actor=actor, action="amendment.comment", obj=proposal, after={"comment": comment.body})
    return comment


@transaction.atomic
def proposal_reject(*, proposal: AmendmentProposal, actor, comment: str) -> AmendmentProposal:
    proposal = _lock(proposal)
    require(can_decide(actor, proposal), _("Chỉ Lãnh đạo Bộ mới quyết định đề xuất đã được trình."))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Hãy ghi lý do không phê duyệt.")})
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.REJECTED, action="amendment.reject",
                           message=comment.strip(), decided_by=actor, decided_at=timezone.now())
    _notify(_unit_people(proposal), proposal, _("Đề xuất điều chỉnh không được phê duyệt"))
    return proposal


def apply_items(current: list[Task], items) -> tuple[list[dict], list[dict], list]:
    """The plan's rows before and after the items: (old rows, new rows, lineage per new row; None = new task)."""
    old_rows = task_rows(current)
    rows = [dict(r) for r in old_rows]
    lineages: list = [t.lineage for t in current]
    index = {t.lineage: i for i, t in enumerate(current)}
    dropped = set()
    refs = [int(t.ref.rstrip(".")) for t in current if t.ref.rstrip(".").isdigit()]
    next_ref = max(refs, default=0) + 1
    added = []
    for item in items:
        if item.kind == ItemKind.ADD:
            tf = parse_timeframe(item.timeframe_raw) if item.timeframe_raw else {"raw": "", "kind": "other"}
            added.append({
                "group": current[-1].group if current else "", "ref": str(next_ref), "title": item.title,
                "lead": split_names(item.lead), "coordinating": split_names(item.coordinating),
                "products": split_names(item.products), "partners": [], "funding": "", "note": "", "timeframe": tf,
            })
            next_ref += 1
            continue
        i = index.get(item.task.lineage)
        if i is None:
            raise ValidationError(_("Nhiệm vụ “%(task)s” không còn trong phiên bản hiện hành của kế hoạch.")
                                  % {"task": str(item.task)[:80]})
        if item.kind == ItemKind.DROP:
            dropped.add(i)
            continue
        row = rows[i]
        if item.title:
            row["title"] = item.title
        if item.lead:
            row["lead"] = split_names(item.lead)
        if item.coordinating:
            row["coordinating"] = split_names(item.coordinating)
        if item.products:
            row["products"] = split_names(item.products)
        if item.timeframe_raw:
            row["timeframe"] = parse_timeframe(item.timeframe_raw)
    new_rows = [r for i, r in enumerate(rows) if i not in dropped] + added
    new_lineages = [lin for i, lin in enumerate(lineages) if i not in dropped] + [None] * len(added)
    return old_rows, new_rows, new_lineages


@transaction.atomic
def proposal_approve(*, proposal: AmendmentProposal, actor, decision_number: str,
                     decision_date: dt.date | None, comment: str = "") -> AmendmentProposal:
    """Leadership approves: the plan gets its next version with the items applied; every version is kept."""
    proposal = _lock(proposal)
    require(can_decide(actor, proposal), _("Chỉ Lãnh đạo Bộ mới phê duyệt được đề xuất đã được trình."))
    errors = {}
    if not clean(decision_number):
        errors["decision_number"] = _("Hãy ghi số văn bản phê duyệt.")
    if decision_date is None:
        errors["decision_date"] = _("Hãy ghi ngày văn bản phê duyệt (dd/mm/yyyy).")
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _("Ngày văn bản phê duyệt không thể sau hôm nay.")
    if errors:
        raise ValidationError(errors)
    # Lock the plan: two approvals racing on the same version must not both make "version N+1".
    plan = Plan.objects.select_for_update().get(pk=proposal.plan_id)
    _check_plan_open(plan)
    _check_up_to_date(proposal, plan)
    current = list(Task.objects.filter(version_id=plan.current_version_id, is_archived=False)
                  .prefetch_related("assignments", "partner_links", "products").order_by("position", "id"))
    items = list(proposal.items.filter(is_archived=False).select_related("task"))
    if not items:
        raise ValidationError(_("Đề xuất chưa có nội dung điều chỉnh nào."))
    _old_rows, rows, lineages = apply_items(current, items)
    lineages = [lin or uuid.uuid4() for lin in lineages]
    version = plan_new_version(
        plan=plan, rows=rows, lineages=lineages, actor=actor, source=VersionSource.AMENDMENT,
        decision_number=clean(decision_number)[:60], decision_date=decision_date,
        note=_("Điều chỉnh theo đề xuất #%(id)s: %(title)s") % {"id": proposal.pk, "title": proposal.title[:200]},
    )
    proposal = _transition(proposal, actor=actor, status=ProposalStatus.APPROVED, action="amendment.approve",
                           message=(comment or "").strip(), decided_by=actor, decided_at=timezone.now(),
                           decision_number=clean(decision_number)[:60], decision_date=decision_date,
                           result_version=version)
    _notify([*_unit_people(proposal), *_people("coordinator")], proposal,
            _("Đề xuất điều chỉnh đã được phê duyệt: kế hoạch có phiên bản %(n)s") % {"n": version.number})
    return proposal


@transaction.atomic
def proposal_rebase(*, proposal: AmendmentProposal, actor) -> AmendmentProposal:
    """Point a proposal made on an older version at the plan's current version (same tasks by lineage)."""
    proposal = _lock(proposal)
    require(can_rebase(actor, proposal), _("Bạn không được cập nhật đề xuất này."))
    plan = Plan.objects.select_for_update().get(pk=proposal.plan_id)
    _check_plan_open(plan)
    if plan.current_version_id == proposal.base_version_id:
        return proposal
    current = {t.lineage: t for t in Task.objects.filter(version_id=plan.current_version_id, is_archived=False)}
    for item in proposal.items.filter(is_archived=False).exclude(kind=ItemKind.ADD).select_related("task"):
        target = current.get(item.task.lineage)
        if target is None:
            raise ValidationError(_("Nhiệm vụ “%(task)s” đã không còn trong phiên bản hiện hành; hãy bỏ dòng này "
                                    "khỏi đề xuất trước khi cập nhật.") % {"task": str(item.task)[:80]})
        item.task = target
        item.save(update_fields=["task"])
    before = snapshot(proposal, PROPOSAL_FIELDS)
    proposal.base_version_id = plan.current_version_id
    proposal.save(update_fields=["base_version", "updated_at"])
    audit_log(actor=actor, action="amendment.rebase", obj=proposal, before=before,
              after=snapshot(proposal, PROPOSAL_FIELDS))
    return proposal
