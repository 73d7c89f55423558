"""Reads of plans and tasks, already scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.selectors import get_object_or_404
from kehoach.core.text import fold, name_key
from kehoach.organizations.selectors import groups_of

from .choices import AssignmentRole, PlanStatus
from .models import Plan, PlanVersion, Product, Task, TaskAssignment, TaskPartner
from .services import match_lineages, task_rows


def plans_visible_to(user) -> QuerySet[Plan]:
    """Drafts only to those who import plans; viewers see published plans only."""
    qs = Plan.objects.all()
    if is_manager(user):
        return qs
    if user.role == "viewer":
        return qs.filter(status=PlanStatus.PUBLISHED)
    return qs.filter(status__in=[PlanStatus.PUBLISHED, PlanStatus.ARCHIVED])


def plan_list(user, *, status: str = "", search: str = "") -> QuerySet[Plan]:
    qs = plans_visible_to(user).select_related("issuer", "coordinator", "current_version")
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(number__icontains=search))
    return qs.annotate(
        task_count=Count("tasks", filter=Q(tasks__version_id=F("current_version_id"), tasks__is_archived=False))
    ).order_by("-issued_on", "-id")


def plan_get(user, pk) -> Plan:
    plans = plans_visible_to(user).select_related("issuer", "coordinator", "finance_unit", "current_version",
                                                  "replaces")
    return get_object_or_404(plans, pk=pk)


def _with_links(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.prefetch_related(
        Prefetch("assignments", queryset=TaskAssignment.objects.select_related("organization")),
        Prefetch("partner_links", queryset=TaskPartner.objects.select_related("organization__country")),
        "products",
    )


@dataclass
class TaskFilters:
    lead: int | None = None
    coordinating: int | None = None
    product: int | None = None
    timeframe: str = ""
    progress: str = ""
    q: str = ""
    group: str = ""
    include_archived: bool = False
    extra: dict = field(default_factory=dict)


def current_tasks(plan: Plan, filters: TaskFilters | None = None) -> QuerySet[Task]:
    """The plan's current-version tasks in appendix order, filtered; a fixed number of queries."""
    filters = filters or TaskFilters()
    qs = Task.objects.filter(version_id=plan.current_version_id)
    if not filters.include_archived:
        qs = qs.filter(is_archived=False)
    if filters.lead:
        qs = qs.filter(assignments__role=AssignmentRole.LEAD, assignments__organization_id=filters.lead)
    if filters.coordinating:
        qs = qs.filter(assignments__role=AssignmentRole.COORDINATING,
                       assignments__organization_id=filters.coordinating)
    if filters.product:
        qs = qs.filter(products__id=filters.product)
    if filters.timeframe:
        qs = qs.filter(timeframe_kind=filters.timeframe)
    if filters.progress:
        qs = qs.filter(progress=filters.progress)
    if filters.group:
        qs = qs.filter(group=filters.group)
    if filters.q:
        # The query as a phrase, without diacritics: "ban quyen so" finds "bản quyền số".
        qs = qs.filter(search_text__contains=fold(filters.q))
    return _with_links(qs.distinct().order_by("position", "id"))


def plan_filter_options(plan: Plan) -> dict:
    """Choices for the plan page's filters, from the plan's own tasks (three queries)."""
    assignments = (TaskAssignment.objects.filter(task__version_id=plan.current_version_id,
                                                 organization__isnull=False)
                   .values_list("role", "organization_id", "organization__name").distinct())
    leads, coordinating = {}, {}
    for role, org_id, name in assignments:
        (leads if role == AssignmentRole.LEAD else coordinating)[org_id] = name
    products = Product.objects.filter(tasks__version_id=plan.current_version_id).distinct().order_by("name")
    groups = list(Task.objects.filter(version_id=plan.current_version_id).exclude(group="")
                  .order_by("position").values_list("group", flat=True).distinct())
    return {
        "leads": sorted(leads.items(), key=lambda kv: kv[1]),
        "coordinating": sorted(coordinating.items(), key=lambda kv: kv[1]),
        "products": list(products),
        "groups": list(dict.fromkeys(groups)),
    }


def tasks_visible_to(user) -> QuerySet[Task]:
    plan_ids = plans_visible_to(user).values("pk")
    return Task.objects.filter(plan_id__in=plan_ids)


def task_get(user, pk) -> Task:
    tasks = _with_links(tasks_visible_to(user).select_related("plan", "version", "plan__current_version"))
    return get_object_or_404(tasks, pk=pk)


def task_history(task: Task) -> QuerySet[Task]:
    """The same task in every version of its plan."""
    return Task.objects.filter(plan_id=task.plan_id, lineage=task.lineage).select_related("version").order_by(
        "version__number")


def unit_tasks(user, organization) -> dict[str, QuerySet[Task]]:
    """Current tasks a unit leads and coordinates, across visible plans, directly or through its groups."""
    group_ids = [g.pk for g in groups_of(organization)]
    base = tasks_visible_to(user).filter(version_id=F("plan__current_version_id"), is_archived=False)
    result = {}
    for role in (AssignmentRole.LEAD, AssignmentRole.COORDINATING):
        qs = base.filter(assignments__role=role, assignments__organization_id__in=[organization.pk, *group_ids])
        result[role] = _with_links(qs.select_related("plan").distinct().order_by("plan_id", "position"))
    return result


def partner_tasks(user, organization) -> QuerySet[Task]:
    base = tasks_visible_to(user).filter(version_id=F("plan__current_version_id"), is_archived=False)
    return _with_links(base.filter(partner_links__organization=organization).select_related("plan")
                       .distinct().order_by("plan_id", "position"))


# --- differences between versions -------------------------------------------------------------

DIFF_FIELDS = ("group", "ref", "title", "lead", "coordinating", "products", "timeframe_raw", "partners", "funding",
               "note")


def _comparable(task: Task) -> dict:
    assignments = list(task.assignments.all())
    return {
        "group": task.group, "ref": task.ref, "title": task.title,
        "lead": [a.raw_name for a in assignments if a.role == AssignmentRole.LEAD],
        "coordinating": [a.raw_name for a in assignments if a.role == AssignmentRole.COORDINATING],
        "products": sorted(p.name for p in task.products.all()),
        "timeframe_raw": task.timeframe_raw,
        "partners": [p.raw_name for p in task.partner_links.all()],
        "funding": task.funding, "note": task.note,
    }


DIFF_LABELS = {"group": _("Nhóm"), "ref": _("TT"), "title": _("Nhiệm vụ"), "lead": _("Đơn vị chủ trì"),
               "coordinating": _("Đơn vị phối hợp"), "products": _("Sản phẩm"), "timeframe_raw": _("Thời gian"),
               "partners": _("Đối tác"), "funding": _("Kinh phí"), "note": _("Ghi chú")}


def _display(value) -> str:
    return "; ".join(value) if isinstance(value, list) else (value or "")


def _changed_fields(a: dict, b: dict) -> list[tuple[str, str, str]]:
    return [(str(DIFF_LABELS[f]), _display(a[f]), _display(b[f])) for f in DIFF_FIELDS if not _same(a[f], b[f])]


def _same(a, b) -> bool:
    if isinstance(a, list):
        return sorted(map(name_key, a)) == sorted(map(name_key, b))
    return name_key(a) == name_key(b)


@dataclass
class TaskChange:
    kind: str  # added | removed | changed | unchanged
    old: Task | None
    new: Task | None
    fields: list[tuple[str, object, object]]


def _diff(old_tasks: list[Task], new_tasks: list[Task], lineages: list, *,
          include_unchanged: bool = False) -> list[TaskChange]:
    """Pair each new task with the old task of the same lineage; what is left over was removed."""
    by_lineage = {t.lineage: t for t in old_tasks}
    changes: list[TaskChange] = []
    for task, lineage in zip(new_tasks, lineages, strict=True):
        previous = by_lineage.pop(lineage, None) if lineage else None
        if previous is None:
            changes.append(TaskChange("added", None, task, []))
            continue
        fields = _changed_fields(_comparable(previous), _comparable(task))
        if fields:
            changes.append(TaskChange("changed", previous, task, fields))
        elif include_unchanged:
            changes.append(TaskChange("unchanged", previous, task, []))
    for task in sorted(by_lineage.values(), key=lambda t: t.position):
        changes.append(TaskChange("removed", task, None, []))
    return changes


def _version_tasks(version_id) -> list[Task]:
    return list(_with_links(Task.objects.filter(version_id=version_id, is_archived=False).order_by("position")))


def version_diff(old: PlanVersion, new: PlanVersion, *, include_unchanged: bool = False) -> list[TaskChange]:
    """What changed between two versions, task by task, matched by lineage."""
    new_tasks = _version_tasks(new.pk)
    return _diff(_version_tasks(old.pk), new_tasks, [t.lineage for t in new_tasks],
                 include_unchanged=include_unchanged)


def draft_diff_against_published(draft: Plan) -> list[TaskChange]:
    """For a re-imported draft: its rows against the current version of the plan it replaces,
    matched the way publishing will match them (same group and number, else same title)."""
    old_tasks = _version_tasks(draft.replaces.current_version_id)
    new_tasks = _version_tasks(draft.current_version_id)
    return _diff(old_tasks, new_tasks, match_lineages(old_tasks, task_rows(new_tasks)))


def plan_versions(plan: Plan) -> QuerySet[PlanVersion]:
    return plan.versions.annotate(task_count=Count("tasks", filter=Q(tasks__is_archived=False))).order_by("number")
