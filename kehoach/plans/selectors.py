"""Reads of plans and tasks, already scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, cast

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kehoach.core import visibility
from kehoach.core.pagination import bounded_counts
from kehoach.core.permissions import is_manager
from kehoach.core.selectors import get_object_or_404, register_audit_visibility
from kehoach.core.text import fold, name_key
from kehoach.organizations.selectors import groups_of

from .cache import kept_for_plan
from .choices import AssignmentRole, ExtensionApprover, ExtensionState, PlanStatus, TaskClass, TaskProgress
from .models import Plan, PlanVersion, Product, Task, TaskAssignment, TaskExtension, TaskPartner
from .rules import is_minister
from .services import match_lineages, task_rows
from .status_classes import class_annotation

if TYPE_CHECKING:
    from kehoach.accounts.models import User


# The plans each visibility scope sees (None: all of them).
PLAN_SCOPES = {"all": None, "published": [PlanStatus.PUBLISHED],
               "issued": [PlanStatus.PUBLISHED, PlanStatus.ARCHIVED]}


def plan_visibility_scope(user: User) -> str:
    """Drafts only to those who import plans; viewers see published plans only. Users of one scope see the same
    plans, and so the same tasks across plans: a list kept for one of them is right for all of them."""
    if is_manager(user):
        return "all"
    return "published" if user.role == "viewer" else "issued"


@visibility.register("plans.plan")
def plans_visible_to(user: User) -> QuerySet[Plan]:
    statuses = PLAN_SCOPES[plan_visibility_scope(user)]
    qs = Plan.objects.all()
    return qs if statuses is None else qs.filter(status__in=statuses)


@visibility.register("plans.planversion")
def plan_versions_visible_to(user: User) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan__in=plans_visible_to(user))


def current_task_count() -> Coalesce:
    """Tasks in a plan's current version, as a correlated subquery: evaluated for the rows shown only
    (an index range count each), not a GROUP BY over every task of every plan."""
    counted = (Task.objects.filter(version_id=OuterRef("current_version_id"), is_archived=False).order_by()
               .values("version_id").annotate(n=Count("*")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def plan_list(user: User, *, status: str = "", search: str = "") -> QuerySet[Plan]:
    qs = plans_visible_to(user).select_related("issuer", "coordinator", "current_version")
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(number__icontains=search))
    return qs.annotate(task_count=current_task_count()).order_by("-issued_on", "-id")


@register_audit_visibility("plans.plan")
def plan_get(user: User, pk) -> Plan:
    plans = plans_visible_to(user).select_related("issuer", "coordinator", "finance_unit", "current_version",
                                                  "replaces")
    return get_object_or_404(plans, pk=pk)


def _with_links(qs: QuerySet[Task]) -> QuerySet[Task]:
    # Explicit orders: the models' default ones ("task", then the task's own) would join task, version and
    # plan into every prefetch only to sort by them.
    return qs.prefetch_related(
        Prefetch("assignments", queryset=TaskAssignment.objects.select_related("organization")
                 .order_by("task_id", "role", "position")),
        Prefetch("partner_links", queryset=TaskPartner.objects.select_related("organization__country")
                 .order_by("task_id", "position")),
        Prefetch("products", queryset=Product.objects.order_by("position", "name")),
    )


@dataclass
class TaskFilters:
    lead: int | str | None = None  # an organisation id, or a name to match
    coordinating: int | str | None = None
    unit: int | str | None = None  # leads or coordinates
    product: int | None = None
    plan: int | None = None
    timeframe: str = ""
    progress: str = ""
    open_only: bool = False  # not completed
    due_before: object = None  # a date: timeframe ends on or before it
    q: str = ""
    group: str = ""
    sort: str = ""
    include_archived: bool = False
    task_class: str = ""  # one of TaskClass: computed per row (see status_classes)
    key_only: bool = False  # nhiệm vụ trọng tâm
    today: object = None  # the day classes are judged on (default: today in Hanoi)
    extra: dict = field(default_factory=dict)


# Sort keys the pages and the API accept ("-" reverses); each ends on the primary key, so pages are stable.
# A leading "-" on a field here means that field runs the other way (the plan sort: newest plan first).
TASK_SORTS = {
    "position": ["position"],
    "plan": ["-plan_id", "position"],
    "deadline": ["due_sort"],  # timeframe end, undated last
    "title": ["title"],
    "ref": ["position"],
    "progress": ["progress"],
    "percent": ["progress_percent"],
    "updated": ["updated_at"],
}


NULLABLE_SORTS: set[str] = set()


def _sorted(qs: QuerySet[Task], sort: str, default: str) -> QuerySet[Task]:
    key = (sort or default).lstrip("-")
    if key not in TASK_SORTS:
        key, sort = default, default
    reverse = (sort or default).startswith("-")
    order = []
    for name in [*TASK_SORTS[key], "id"]:
        descending = name.startswith("-") != reverse
        bare = name.lstrip("-")
        field = F(bare)
        if bare in NULLABLE_SORTS:
            # Undated tasks (no end date) come last both ways.
            order.append(field.desc(nulls_last=True) if descending else field.asc(nulls_last=True))
        else:
            # Plain ASC/DESC, so the database walks an index instead of sorting every row.
            order.append(field.desc() if descending else field.asc())
    return qs.order_by(*order)


def _assigned(org_ids, roles, *, within_plan: bool) -> Q:
    """Tasks assigned to these organisations in these roles, without a join (so no DISTINCT). Within one
    plan: EXISTS per row (a plan's few hundred rows, an index probe each); across plans: IN over the units'
    assignments (a unit's tasks are a small share of the portfolio)."""
    assignments = TaskAssignment.objects.filter(organization_id__in=org_ids, role__in=roles)
    if within_plan:
        return Q(Exists(assignments.filter(task_id=OuterRef("pk"))))
    return Q(id__in=assignments.values("task_id"))


def _filtered(qs: QuerySet[Task], filters: TaskFilters, *, within_plan: bool = False) -> QuerySet[Task]:
    """Filters as EXISTS / IN subqueries on the task, never joins: no duplicate rows, so no DISTINCT."""
    if not filters.include_archived:
        qs = qs.filter(is_archived=False)
    for org_id, roles in ((filters.lead, [AssignmentRole.LEAD]),
                          (filters.coordinating, [AssignmentRole.COORDINATING]),
                          (filters.unit, [AssignmentRole.LEAD, AssignmentRole.COORDINATING])):
        if isinstance(org_id, str):
            # A typed name: the units whose folded name contains it (at most 50, one subquery).
            from kehoach.organizations.models import Organization

            matching = list(Organization.objects.filter(kind__in=["unit", "group"],
                                                        search_text__contains=fold(org_id))
                            .order_by().values_list("id", flat=True)[:50])
            qs = qs.filter(_assigned(matching, roles, within_plan=within_plan))
        elif org_id:
            qs = qs.filter(_assigned([org_id], roles, within_plan=within_plan))
    if filters.product:
        tagged = Task.products.through.objects.filter(product_id=filters.product)
        qs = qs.filter(Exists(tagged.filter(task_id=OuterRef("pk"))) if within_plan else
                       Q(id__in=tagged.values("task_id")))
    if filters.plan:
        qs = qs.filter(plan_id=filters.plan)
    if filters.timeframe:
        qs = qs.filter(timeframe_kind=filters.timeframe)
    if filters.progress:
        qs = qs.filter(progress=filters.progress)
    if filters.open_only:
        qs = qs.exclude(progress=TaskProgress.COMPLETED)
    if filters.due_before:
        qs = qs.filter(timeframe_end__lte=filters.due_before)
    if filters.group:
        qs = qs.filter(group=filters.group)
    if filters.q:
        # The query as a phrase, without diacritics: "ban quyen so" finds "bản quyền số".
        qs = qs.filter(search_text__contains=fold(filters.q))
    if filters.key_only:
        qs = qs.filter(is_key=True)
    qs = with_class(qs, filters.today)
    if filters.task_class in TaskClass.values:
        qs = qs.filter(status_class=filters.task_class)  # type: ignore[misc]  # status_class: see with_class
    return qs


def with_class(qs: QuerySet[Task], today=None) -> QuerySet[Task]:
    """Each task's status class as ``status_class``, computed by the database from the row's own columns.
    (django-stubs does not see annotations through a function: its filters on ``status_class`` carry
    ``# type: ignore[misc]``.)"""
    return qs.annotate(status_class=class_annotation(today or timezone.localdate()))


def current_tasks(plan: Plan, filters: TaskFilters | None = None) -> QuerySet[Task]:
    """The plan's current-version tasks in appendix order (or as sorted), filtered; a fixed number of queries."""
    filters = filters or TaskFilters()
    # The current version's rows are the plan's rows flagged current: the partial indexes on (plan, …) serve
    # its order, its deadline sort and its status filter.
    qs = _filtered(Task.objects.filter(plan_id=plan.pk, is_current=True), filters, within_plan=True)
    return _with_links(_sorted(qs, filters.sort, "position"))


def task_list(user: User, filters: TaskFilters | None = None) -> QuerySet[Task]:
    """Every current task the user may see, across plans: visibility as `plan_id IN (visible plans)`, the
    current version as the rows' own flag, so no join, no DISTINCT, and sorts walk a partial index."""
    filters = filters or TaskFilters()
    qs = Task.objects.filter(is_current=True, plan_id__in=plans_visible_to(user).values("pk"))
    qs = _filtered(qs, filters).select_related("plan")
    return _sorted(qs, filters.sort, "plan").prefetch_related(
        Prefetch("assignments", queryset=TaskAssignment.objects.select_related("organization")
                 .order_by("task_id", "role", "position")))


def task_list_options(user: User) -> dict:
    """Choices for the cross-plan list's filter by plan: the 200 latest published plans. Read far more often
    than they change, so kept for a few minutes (a new plan shows in the filter within five)."""
    from django.core.cache import cache

    def load():
        plans = list(Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-issued_on", "-id")
                     .values_list("id", "number", "title")[:200])
        # A plan without a number is named by its full title ("Kế hoạch …"), not the bare "của Bộ…".
        return {"plans": [(pk, number or Truncator(Plan(title=title).full_title).chars(60))
                          for pk, number, title in plans]}

    return cast(dict, cache.get_or_set("plans:task-list-options", load, 300))  # never None: load() sets it


SHOWN_UNITS = 150


def plan_filter_options(plan: Plan) -> dict:
    """Choices for the plan page's filters, from the plan's own tasks. A published version's rows do not
    change (amendments make a new version), so its options are kept by version; drafts are read each time."""
    if plan.status == PlanStatus.DRAFT:
        return _plan_filter_options(plan)
    from django.core.cache import cache

    return cast(dict, cache.get_or_set(f"plans:filter-options:{plan.current_version_id}",
                                       lambda: _plan_filter_options(plan), 600))  # never None: the loader sets it


def _plan_filter_options(plan: Plan) -> dict:
    """Three queries. `order_by()` first: the models' default ordering would otherwise enter the DISTINCT
    and return one row per assignment (184,260 rows for a plan of 60,000 tasks)."""
    assignments = (TaskAssignment.objects.filter(task__version_id=plan.current_version_id,
                                                 organization__isnull=False).order_by()
                   .values_list("role", "organization_id", "organization__name").annotate(n=Count("id")))
    leads: dict[int, str] = {}
    coordinating: dict[int, str] = {}
    weight: dict[tuple[str, int], int] = {}
    for role, org_id, name, n in assignments:
        (leads if role == AssignmentRole.LEAD else coordinating)[org_id] = name
        weight[(role, org_id)] = n
    products = list(Product.objects.filter(id__in=Task.products.through.objects.filter(
        task__version_id=plan.current_version_id).values("product_id")).order_by("name"))
    groups = list(Task.objects.filter(version_id=plan.current_version_id).exclude(group="").order_by()
                  .values_list("group", flat=True).distinct())
    def busiest(names: dict, role: str) -> set:
        """The units named most often: a plan of the whole ministry names 3,000, too many for one select."""
        return set(sorted(names, key=lambda k: -weight[(role, k)])[:SHOWN_UNITS])

    return {
        "leads": sorted(leads.items(), key=lambda kv: kv[1]),
        "coordinating": sorted(coordinating.items(), key=lambda kv: kv[1]),
        "shown_leads": busiest(leads, AssignmentRole.LEAD),
        "shown_coordinating": busiest(coordinating, AssignmentRole.COORDINATING),
        "products": list(products),
        "groups": list(dict.fromkeys(groups)),  # the group names sort as the appendix numbers them (I., II.)
    }


# --- status classes: counts and the summary dashboard -------------------------------------------

def class_counts(qs: QuerySet[Task], today=None) -> dict[str, int]:
    """How many of these tasks fall in each class (every class present, zeros included): one query."""
    rows = with_class(qs.order_by(), today).values("status_class").annotate(n=Count("id"))  # type: ignore[misc]  # status_class: see with_class
    found = {r["status_class"]: r["n"] for r in rows}
    return {c: found.get(c, 0) for c in TaskClass.values}


def plan_class_counts(plan: Plan, filters: TaskFilters | None = None) -> dict[str, int]:
    """The plan's tasks by class under the page's other filters (not its class filter): the strip above the
    table, and (summed, or the chosen class's) the table's row count, so the page needs no COUNT query."""
    filters = replace(filters or TaskFilters(), task_class="", sort="")
    qs = _filtered(Task.objects.filter(plan_id=plan.pk, is_current=True), filters, within_plan=True)
    return class_counts(qs, filters.today)


def plan_class_counts_kept(plan: Plan, filters: TaskFilters | None = None) -> dict[str, int]:
    """``plan_class_counts``, kept until the plan's data changes (plans.cache) or the day turns: the plan page
    reads it on every view, and for a plan of 60,000 tasks it is a count over all of them."""
    filters = replace(filters or TaskFilters(), task_class="", sort="")
    day = filters.today or timezone.localdate()
    return kept_for_plan(plan, "class-counts", (filters, day), lambda: plan_class_counts(plan, filters))


@dataclass
class ClassRow:
    key: object
    label: str
    counts: dict
    url_params: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time_percent(self) -> int | None:
        """Completed on time among the tasks whose deadline has come or that are done."""
        judged = sum(self.counts[c] for c in (TaskClass.DONE_ON_TIME, TaskClass.DONE_LATE, TaskClass.OVERDUE))
        return round(100 * self.counts[TaskClass.DONE_ON_TIME] / judged) if judged else None


def _grouped(rows, key_names: tuple[str, str]) -> dict:
    grouped: dict = {}
    for row in rows:
        key = row[key_names[0]]
        entry = grouped.setdefault(key, {"label": row[key_names[1]], "counts": dict.fromkeys(TaskClass.values, 0)})
        entry["counts"][row["status_class"]] += row["n"]
    return grouped


def class_summary(user: User, today=None, *, limit: int = 50) -> dict:
    """The coordinator's and leadership's summary: counts by class overall, per plan, per lead unit and per
    leader in charge, over the current tasks of published plans they may see. Seven queries whatever the size."""
    today = today or timezone.localdate()
    base = Task.objects.filter(is_current=True, is_archived=False,
                               plan_id__in=plans_visible_to(user).filter(status=PlanStatus.PUBLISHED).values("pk"))
    total = class_counts(base, today)
    per_plan = _grouped(with_class(base.order_by(), today).values("plan_id", "status_class")  # type: ignore[misc]  # status_class: see with_class
                        .annotate(n=Count("id")), ("plan_id", "plan_id"))
    titles = {p.pk: p.number or Truncator(str(p)).chars(90) for p in Plan.objects.filter(pk__in=list(per_plan))
              .only("id", "number", "title")}
    plans = [ClassRow(pk, titles.get(pk, ""), e["counts"], f"plan={pk}") for pk, e in per_plan.items()]
    leads = (TaskAssignment.objects.filter(role=AssignmentRole.LEAD, organization__isnull=False,
                                           task_id__in=base.values("pk")).order_by()
             .annotate(status_class=class_annotation(today, prefix="task__"))
             .values("organization_id", "organization__name", "status_class").annotate(n=Count("id")))
    units = [ClassRow(pk, e["label"], e["counts"], f"unit={pk}&role=lead") for pk, e in _grouped(
        leads, ("organization_id", "organization__name")).items()]
    per_leader = _grouped(with_class(base.filter(leader_in_charge__isnull=False).order_by(), today)  # type: ignore[misc]  # status_class: see with_class
                          .values("leader_in_charge_id", "leader_in_charge__last_name", "status_class")
                          .annotate(n=Count("id")), ("leader_in_charge_id", "leader_in_charge__last_name"))
    leader_names = {u.pk: u.get_full_name() or u.get_username() for u in
                    get_user_model().objects.filter(pk__in=list(per_leader))}
    leaders = [ClassRow(pk, leader_names.get(pk, ""), e["counts"]) for pk, e in per_leader.items()]
    extensions = dict(TaskExtension.objects.filter(task_id__in=Task.objects.filter(
        plan_id__in=plans_visible_to(user).values("pk")).values("pk"), requested_unit__isnull=False)
        .order_by().values_list("requested_unit__name").annotate(n=Count("id")))

    def busiest(rows):
        return sorted(rows, key=lambda r: (-r.total, r.label))[:limit]

    return {"total": ClassRow(None, "", total), "plans": busiest(plans), "units": busiest(units),
            "leaders": busiest(leaders), "extensions_per_unit": sorted(extensions.items(), key=lambda kv: -kv[1]),
            "classes": TaskClass.choices, "today": today}


def task_extensions(task: Task) -> QuerySet[TaskExtension]:
    """Every extension asked for this task (they follow it into new versions), oldest first; from an earlier
    version's row too, by lineage."""
    return (TaskExtension.objects.filter(task__plan_id=task.plan_id, task__lineage=task.lineage)
            .select_related("requested_by", "requested_unit", "decided_by").order_by("created_at", "id"))


def extension_get(user: User, pk) -> TaskExtension:
    extensions = TaskExtension.objects.filter(task__in=tasks_visible_to(user)).select_related(
        "task__plan", "task__leader_in_charge")
    return get_object_or_404(extensions, pk=pk)


def my_tasks(user: User, today=None) -> dict[str, QuerySet]:
    """"Việc của tôi": the current tasks this person leads, tracks or is the unit's focal point for, and those
    of them overdue; querysets to paginate, each a fixed number of queries."""
    today = today or timezone.localdate()
    base = with_class(tasks_visible_to(user).filter(is_current=True, is_archived=False), today).select_related(
        "plan").order_by("due_sort", "id")
    mine = Q(leader_in_charge=user) | Q(tracking_officer=user) | Q(focal_point=user)
    pending = TaskExtension.objects.filter(state=ExtensionState.PENDING, task__in=tasks_visible_to(user))
    mine_to_decide = Q(task__leader_in_charge=user, task__plan__extension_approver=ExtensionApprover.LEADER)
    if is_minister(user):
        mine_to_decide |= Q(task__plan__extension_approver=ExtensionApprover.MINISTER) | Q(
            task__leader_in_charge__isnull=True)
    decide = pending.filter(mine_to_decide).select_related("task__plan", "requested_unit")
    return {
        "lead": base.filter(leader_in_charge=user),
        "track": base.filter(tracking_officer=user),
        "focal": base.filter(focal_point=user),
        "overdue": base.filter(mine, status_class=TaskClass.OVERDUE),  # type: ignore[misc]  # status_class: see with_class
        "decide": decide.order_by("created_at", "id"),
    }


@visibility.register("plans.task")
def tasks_visible_to(user: User) -> QuerySet[Task]:
    if PLAN_SCOPES[plan_visibility_scope(user)] is None:
        return Task.objects.all()  # every plan: no `plan_id IN (every plan)` for the planner to weigh
    return Task.objects.filter(plan_id__in=plans_visible_to(user).values("pk"))


@register_audit_visibility("plans.task")
def task_get(user: User, pk) -> Task:
    # The people in charge by a query each when set (usually not): nine tables in one join cost PostgreSQL's
    # planner 8 ms, sixteen times the query's run.
    tasks = _with_links(tasks_visible_to(user).select_related("plan", "version", "plan__current_version")
                        .prefetch_related("leader_in_charge", "tracking_officer", "focal_point"))
    return get_object_or_404(tasks, pk=pk)


def task_history(task: Task) -> QuerySet[Task]:
    """The same task in every version of its plan."""
    return Task.objects.filter(plan_id=task.plan_id, lineage=task.lineage).select_related("version").order_by(
        "version__number")


# What a short task row shows (unit and partner pages): the database sorts these columns, not whole rows.
ROW_FIELDS = ("id", "plan_id", "position", "ref", "title", "timeframe_raw", "progress", "plan__id", "plan__number",
              "plan__title")


# A unit with more tasks than this is listed by walking the plan-order index (checking each task's
# assignment) rather than by sorting all its tasks; one with fewer, the other way round.
WALK_FROM = 2000


def unit_tasks(user: User, organization) -> dict[str, tuple[QuerySet[Task], int]]:
    """Current tasks a unit leads and coordinates, across visible plans, directly or through its groups:
    per role, a queryset to paginate and its row count (bounded; the busiest unit has more than ten
    thousand)."""
    org_ids = [organization.pk, *(g.pk for g in groups_of(organization))]
    # Only what the unit really owes: current rows of published plans (not drafts, not old versions).
    # The plans as a subquery, not a join condition: joined, SQLite reads every published plan's tasks and sorts
    # them (200 ms for a unit in 10,000 tasks); as a list of ids it walks the ordered index and stops at a page.
    published = Plan.objects.filter(status="published").values("id")
    base = (tasks_visible_to(user).filter(is_current=True, is_archived=False, plan_id__in=published)
            .select_related("plan").only(*ROW_FIELDS).order_by("-plan_id", "position", "id"))
    roles = (AssignmentRole.LEAD, AssignmentRole.COORDINATING)
    assignments = {role: TaskAssignment.objects.filter(role=role, organization_id__in=org_ids) for role in roles}
    listed = {role: base.filter(id__in=assignments[role].values("task_id")) for role in roles}
    # Both counts in one statement (the unit page keeps them with its tables: plans.organization_views).
    counts = bounded_counts(*(listed[role] for role in roles))
    result: dict[str, tuple[QuerySet[Task], int]] = {}
    for role, count in zip(roles, counts, strict=True):
        qs = listed[role]
        if count > WALK_FROM:
            qs = base.filter(Exists(assignments[role].filter(task_id=OuterRef("pk"))))
        result[role] = (qs, count)
    return result


def partner_tasks(user: User, organization) -> QuerySet[Task]:
    base = tasks_visible_to(user).filter(is_current=True, is_archived=False)
    return (base.filter(id__in=TaskPartner.objects.filter(organization=organization).values("task_id"))
            .select_related("plan").only(*ROW_FIELDS).order_by("-plan_id", "position", "id"))


# --- differences between versions -------------------------------------------------------------

DIFF_FIELDS = ("group", "ref", "title", "lead", "coordinating", "monitoring", "products", "timeframe_raw", "partners",
               "funding", "note")


def _comparable(task: Task) -> dict:
    assignments = list(task.assignments.all())
    return {
        "group": task.group, "ref": task.ref, "title": task.title,
        "lead": [a.raw_name for a in assignments if a.role == AssignmentRole.LEAD],
        "coordinating": [a.raw_name for a in assignments if a.role == AssignmentRole.COORDINATING],
        "monitoring": [a.raw_name for a in assignments if a.role == AssignmentRole.MONITORING],
        "products": sorted(p.name for p in task.products.all()),
        "timeframe_raw": task.timeframe_raw,
        "partners": [p.raw_name for p in task.partner_links.all()],
        "funding": task.funding, "note": task.note,
    }


DIFF_LABELS = {"group": _("Nhóm"), "ref": _("TT"), "title": _("Nhiệm vụ"), "lead": _("Đơn vị chủ trì"),
               "coordinating": _("Đơn vị phối hợp"), "monitoring": _("Đơn vị theo dõi, đôn đốc"),
               "products": _("Sản phẩm"), "timeframe_raw": _("Thời gian"),
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
    fields: list[tuple[str, str, str]]  # (label, before, after) as shown


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
    assert draft.replaces is not None  # callers pass re-import drafts only
    old_tasks = _version_tasks(draft.replaces.current_version_id)
    new_tasks = _version_tasks(draft.current_version_id)
    return _diff(old_tasks, new_tasks, match_lineages(old_tasks, task_rows(new_tasks)))


def plan_versions(plan: Plan) -> QuerySet[PlanVersion]:
    return plan.versions.annotate(task_count=Count("tasks", filter=Q(tasks__is_archived=False))).order_by("number")
