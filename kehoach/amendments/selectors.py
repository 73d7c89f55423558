"""Reads of amendment proposals, scoped to what the user may see."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet

from kehoach.core import visibility
from kehoach.core.audit import model_label
from kehoach.core.models import AuditEntry
from kehoach.core.rules import require
from kehoach.core.selectors import get_object_or_404, register_audit_visibility
from kehoach.plans.models import Task
from kehoach.plans.rows import TaskRow
from kehoach.plans.selectors import _changed_fields, _with_links

from .choices import ItemKind, ProposalStatus
from .models import AmendmentItem, AmendmentProposal
from .services import apply_items

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def proposal_rule(user: User, prefix: str = "") -> Q:
    """The draft rule for a proposal: its unit sees it in any state; coordinator, finance and leadership once
    it was sent (and the ones they wrote themselves); viewers none."""
    return visibility.draft_rule(user, sent=~Q(**{f"{prefix}status": ProposalStatus.DRAFT}),
                                 unit_field=f"{prefix}unit_id", creator_field=f"{prefix}created_by_id")


@visibility.register("amendments.amendmentproposal")
def proposals_visible_to(user: User) -> QuerySet[AmendmentProposal]:
    """Units see their own unit's proposals; coordinator, finance and leadership see everything sent on
    (never another unit's drafts); viewers see none."""
    return AmendmentProposal.objects.filter(proposal_rule(user))


@visibility.register("amendments.amendmentitem")
def proposal_items_visible_to(user: User) -> QuerySet[AmendmentItem]:
    return AmendmentItem.objects.filter(proposal_rule(user, "proposal__"))


def proposal_list(user: User, *, status: str = "", plan: int | None = None) -> QuerySet[AmendmentProposal]:
    qs = proposals_visible_to(user).select_related("plan", "unit", "base_version", "result_version", "created_by")
    if status:
        qs = qs.filter(status=status)
    if plan:
        qs = qs.filter(plan_id=plan)
    return qs.annotate(item_count=Count("items", filter=Q(items__is_archived=False))).order_by("-created_at", "-id")


def _active_items():
    return Prefetch("items", queryset=AmendmentItem.objects.filter(is_archived=False)
                    .select_related("task__version").order_by("position", "id"), to_attr="active_items")


@register_audit_visibility("amendments.amendmentproposal")
def proposal_get(user: User, pk) -> AmendmentProposal:
    proposals = (proposals_visible_to(user)
                 .select_related("plan__current_version", "unit", "base_version", "result_version", "created_by",
                                 "submitted_by", "reviewed_by", "decided_by")
                 .prefetch_related(_active_items(), "comments"))
    return get_object_or_404(proposals, pk=pk)


def proposals_for_task(user: User, task: Task) -> QuerySet[AmendmentProposal]:
    """Proposals (visible to the user) with an item touching this task in any version."""
    return (proposals_visible_to(user).filter(items__task__lineage=task.lineage, items__is_archived=False,
                                              plan_id=task.plan_id)
            .select_related("unit").distinct().order_by("-created_at"))


def _row_comparable(row: TaskRow) -> dict:
    return {
        "group": row.group, "ref": row.ref, "title": row.title, "lead": row.lead, "coordinating": row.coordinating,
        "monitoring": row.monitoring, "products": sorted(row.products), "timeframe_raw": row.timeframe.raw,
        "partners": row.partners, "funding": row.funding, "note": row.note,
    }


def proposal_preview(proposal: AmendmentProposal) -> list[SimpleNamespace]:
    """What the plan's current version would become, task by task, in the shape `plans/_diff.html` shows."""
    current = list(_with_links(Task.objects.filter(version_id=proposal.plan.current_version_id, is_archived=False)
                               .order_by("position", "id")))
    items = getattr(proposal, "active_items", None)
    if items is None:
        items = list(proposal.items.filter(is_archived=False).select_related("task"))
    try:
        old_rows, new_rows, new_lineages = apply_items(current, items)
    except ValidationError:  # an item no longer applies; the page shows the re-base message instead
        return []
    old_by_lineage = {t.lineage: (t, row) for t, row in zip(current, old_rows, strict=True)}
    changes = []
    kept = set()
    for row, lineage in zip(new_rows, new_lineages, strict=True):
        if lineage is None:
            changes.append(SimpleNamespace(kind="added", old=None, new=row, fields=[]))
            continue
        kept.add(lineage)
        task, old_row = old_by_lineage[lineage]
        fields = _changed_fields(_row_comparable(old_row), _row_comparable(row))
        if fields:
            changes.append(SimpleNamespace(kind="changed", old=task, new=row, fields=fields))
    for task in current:
        if task.lineage not in kept:
            changes.append(SimpleNamespace(kind="removed", old=task, new=None, fields=[]))
    return changes


def proposal_counts() -> dict[str, int]:
    counts = dict(AmendmentProposal.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in ProposalStatus.values}


__all__ = ["ItemKind", "proposal_get", "proposal_list", "proposal_preview", "proposals_for_task",
           "proposals_visible_to"]


def audit_object_types() -> list[tuple[int, str]]:
    """Content types that have at least one audit entry (two queries)."""
    ids = AuditEntry.objects.values_list("content_type_id", flat=True).distinct().order_by()
    types = [(ct.pk, model_label(ct)) for ct in ContentType.objects.filter(pk__in=ids)]
    return sorted(types, key=lambda t: t[1].lower())


def audit_log_entries(user: User, *, action: str = "", actor: str = "", date_from=None, date_to=None,
                      object_type: int | None = None):
    """The global trail for the coordinator and leadership, newest first."""
    require(user, "amendments.read_audit_log")
    # Each entry only if its object is visible to the user: no other unit's draft, no unpublished plan.
    qs = visibility.audit_entries_visible(user, AuditEntry.objects.select_related("content_type", "actor"))
    if action:
        # One registered action (the filter lists labels): "login" must not also match "login_failed".
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(Q(actor_name__icontains=actor) | Q(actor__username__icontains=actor))
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    if object_type:
        qs = qs.filter(content_type_id=object_type)
    return qs.order_by("-created_at", "-id")
