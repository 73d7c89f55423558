"""Task rows to tasks and back: the rows a plan version is written from, name resolution, task links."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils.translation import gettext as _

from kehoach.core.services import snapshot
from kehoach.core.text import clean, name_key
from kehoach.organizations.models import Organization
from kehoach.organizations.selectors import country_lookup, organization_lookup
from kehoach.organizations.services import partner_get_or_create

from ..cache import plan_data_changed
from ..choices import AssignmentRole, TimeframeKind
from ..models import Plan, PlanVersion, Product, Task, TaskAssignment, TaskPartner
from ..rows import TaskRow, Timeframe

PLAN_AUDIT_FIELDS = ["kind", "number", "issued_on", "issuer_id", "signer", "title", "period_start", "period_end",
                     "coordinator_id", "status", "current_version_id"]


TASK_AUDIT_FIELDS = ["group", "ref", "title", "product_text", "timeframe_raw", "timeframe_kind", "timeframe_start",
                     "timeframe_end", "funding", "note", "is_archived", "progress", "progress_percent"]


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def task_snapshot(task: Task) -> dict[str, Any]:
    data = snapshot(task, TASK_AUDIT_FIELDS)
    data["lead"] = [a.raw_name for a in task.assignments.all() if a.role == AssignmentRole.LEAD]
    data["coordinating"] = [a.raw_name for a in task.assignments.all() if a.role == AssignmentRole.COORDINATING]
    data["monitoring"] = [a.raw_name for a in task.assignments.all() if a.role == AssignmentRole.MONITORING]
    data["partners"] = [p.raw_name for p in task.partner_links.all()]
    return data


class _Resolver:
    """Resolves written names to organisations and products with two queries for a whole plan."""

    def __init__(self):
        self.orgs = organization_lookup()
        self.countries = None
        self.products = {p.name_key: p for p in Product.objects.all()}

    def organization(self, name: str) -> Organization | None:
        return self.orgs.get(name_key(name))

    def partner(self, name: str, actor) -> Organization:
        org = self.orgs.get(name_key(name))
        if org is None:
            if self.countries is None:
                self.countries = country_lookup()
            org = partner_get_or_create(name=name, actor=actor, countries=self.countries)
            self.orgs[org.name_key] = org
        return org

    def product(self, name: str) -> Product:
        key = name_key(name)
        product = self.products.get(key)
        if product is None:
            product = Product.objects.create(name=clean(name))  # whole: a cut name would not be found again
            self.products[key] = product
        return product


def _write_task_links(task: Task, row: TaskRow, resolver: _Resolver, actor) -> None:
    _bulk_write_links([(task, row)], resolver, actor)


def _bulk_write_links(pairs: list[tuple[Task, TaskRow]], resolver: _Resolver, actor) -> None:
    """Assignments, partners and products of many tasks in three bulk inserts."""
    assignments, partners, products = [], [], []
    for task, row in pairs:
        for role, names in ((AssignmentRole.LEAD, row.lead), (AssignmentRole.COORDINATING, row.coordinating),
                            (AssignmentRole.MONITORING, row.monitoring)):
            for i, name in enumerate(names):
                assignments.append(TaskAssignment(task=task, role=role, raw_name=name[:300], position=i,
                                                  organization=resolver.organization(name)))
        for i, name in enumerate(row.partners):
            partners.append(TaskPartner(task=task, raw_name=name[:300], position=i,
                                        organization=resolver.partner(name, actor)))
        seen = set()
        for name in row.products:
            if name:
                product = resolver.product(name)
                if product.pk not in seen:
                    seen.add(product.pk)
                    products.append(Task.products.through(task_id=task.pk, product_id=product.pk))
    TaskAssignment.objects.bulk_create(assignments)
    TaskPartner.objects.bulk_create(partners)
    Task.products.through.objects.bulk_create(products)


def _task_from_row(*, plan: Plan, version: PlanVersion, row: TaskRow, position: int) -> Task:
    tf = row.timeframe
    kind: str = tf.kind if tf.kind in TimeframeKind.values else TimeframeKind.OTHER
    return Task(
        plan=plan, version=version, position=position, group=row.group[:300],
        ref=row.ref[:20], title=row.title or _("(chưa có tên nhiệm vụ)"),
        product_text=clean(", ".join(row.products))[:500],
        timeframe_raw=tf.raw[:200], timeframe_kind=kind, timeframe_start=tf.start, timeframe_end=tf.end,
        funding=row.funding, note=row.note, source_lines=list(row.source_lines)[:200], import_flags=list(row.flags),
    )


def _create_tasks(*, plan: Plan, version: PlanVersion, rows: list[TaskRow], resolver: _Resolver, actor,
                  lineages: list | None = None) -> list[Task]:
    tasks = []
    for position, row in enumerate(rows, start=1):
        task = _task_from_row(plan=plan, version=version, row=row, position=position)
        if lineages and lineages[position - 1]:
            task.lineage = lineages[position - 1]
        task.refresh_search_text(row.unit_names)
        task.full_clean(exclude=["plan", "version"], validate_constraints=False)
        tasks.append(task)
    # One insert for the rows (the database checks the constraints), then one per kind of link.
    tasks = Task.objects.bulk_create(tasks)
    plan_data_changed(plan.pk)
    _bulk_write_links(list(zip(tasks, rows, strict=True)), resolver, actor)
    return tasks


def match_lineages(old_tasks: list[Task], new_rows: list[TaskRow]) -> list[uuid.UUID | None]:
    """For each new row, the lineage of the old task it continues (None: a new task): same (group, ref),
    else same title."""
    by_ref = {(name_key(t.group), t.ref.rstrip(".")): t for t in old_tasks if t.ref}
    by_title = {name_key(t.title): t for t in old_tasks}
    used: set[uuid.UUID] = set()
    result: list[uuid.UUID | None] = []
    for row in new_rows:
        old = by_ref.get((name_key(row.group), row.ref.rstrip(".")))
        if old is None or old.lineage in used:
            old = by_title.get(name_key(row.title))
        if old is not None and old.lineage not in used:
            used.add(old.lineage)
            result.append(old.lineage)
        else:
            result.append(None)
    return result


def task_rows(tasks) -> list[TaskRow]:
    """Stored tasks back into rows (for a new version, an amendment's preview, a re-import's diff)."""
    rows = []
    for t in tasks:
        assignments = list(t.assignments.all())
        rows.append(TaskRow(
            group=t.group, ref=t.ref, title=t.title,
            lead=[a.raw_name for a in assignments if a.role == AssignmentRole.LEAD],
            coordinating=[a.raw_name for a in assignments if a.role == AssignmentRole.COORDINATING],
            monitoring=[a.raw_name for a in assignments if a.role == AssignmentRole.MONITORING],
            products=[p.name for p in t.products.all()], partners=[p.raw_name for p in t.partner_links.all()],
            funding=t.funding, note=t.note,
            timeframe=Timeframe(raw=t.timeframe_raw, kind=t.timeframe_kind, start=t.timeframe_start,
                                end=t.timeframe_end),
        ))
    return rows


def split_names(text: str) -> list[str]:
    """Names typed by a person in a correction form: one per line or separated by semicolons."""
    parts = [p for line in (text or "").splitlines() for p in line.split(";")]
    return [clean(p) for p in parts if clean(p)]
