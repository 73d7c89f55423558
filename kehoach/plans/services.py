"""Writes to plans, their versions and tasks. UI, API and CLI all come through here."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.permissions import is_manager, require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import clean, name_key
from kehoach.core.timeframes import parse_timeframe
from kehoach.organizations.models import Organization, OrganizationAlias
from kehoach.organizations.selectors import country_lookup, organization_lookup, the_ministry
from kehoach.organizations.services import organization_create_from_import, partner_get_or_create

from .choices import AssignmentRole, PlanStatus, TimeframeKind, VersionSource
from .models import (
    LegalBasis,
    Plan,
    PlanVersion,
    Product,
    ReportingDeadline,
    Task,
    TaskAssignment,
    TaskPartner,
)
from .signals import plan_version_changed

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
            product = Product.objects.create(name=clean(name)[:120])
            self.products[key] = product
        return product


def _write_task_links(task: Task, row: dict, resolver: _Resolver, actor) -> None:
    _bulk_write_links([(task, row)], resolver, actor)


def _bulk_write_links(pairs: list[tuple[Task, dict]], resolver: _Resolver, actor) -> None:
    """Assignments, partners and products of many tasks in three bulk inserts."""
    assignments, partners, products = [], [], []
    for task, row in pairs:
        for role, key in ((AssignmentRole.LEAD, "lead"), (AssignmentRole.COORDINATING, "coordinating")):
            for i, name in enumerate(n for n in row.get(key) or [] if clean(n)):
                assignments.append(TaskAssignment(task=task, role=role, raw_name=clean(name)[:300], position=i,
                                                  organization=resolver.organization(name)))
        for i, name in enumerate(n for n in row.get("partners") or [] if clean(n)):
            partners.append(TaskPartner(task=task, raw_name=clean(name)[:300], position=i,
                                        organization=resolver.partner(name, actor)))
        seen = set()
        for name in row.get("products") or []:
            if clean(name):
                product = resolver.product(name)
                if product.pk not in seen:
                    seen.add(product.pk)
                    products.append(Task.products.through(task_id=task.pk, product_id=product.pk))
    TaskAssignment.objects.bulk_create(assignments)
    TaskPartner.objects.bulk_create(partners)
    Task.products.through.objects.bulk_create(products)


def _task_from_row(*, plan: Plan, version: PlanVersion, row: dict, position: int) -> Task:
    tf = row.get("timeframe") or {}
    kind = tf.get("kind") if tf.get("kind") in TimeframeKind.values else TimeframeKind.OTHER
    return Task(
        plan=plan, version=version, position=position, group=clean(row.get("group"))[:300],
        ref=clean(row.get("ref"))[:20], title=clean(row.get("title")) or _("(chưa có tên nhiệm vụ)"),
        product_text=clean(", ".join(row.get("products") or []))[:500],
        timeframe_raw=clean(tf.get("raw"))[:200], timeframe_kind=kind,
        timeframe_start=_date(tf.get("start")), timeframe_end=_date(tf.get("end")),
        funding=clean(row.get("funding")), note=clean(row.get("note")),
        source_lines=list(row.get("source_lines") or [])[:200], import_flags=list(row.get("flags") or []),
    )


def _create_tasks(*, plan: Plan, version: PlanVersion, rows: list[dict], resolver: _Resolver, actor,
                  lineages: list | None = None) -> list[Task]:
    tasks = []
    for position, row in enumerate(rows, start=1):
        task = _task_from_row(plan=plan, version=version, row=row, position=position)
        if lineages and lineages[position - 1]:
            task.lineage = lineages[position - 1]
        task.refresh_search_text([*(row.get("lead") or []), *(row.get("coordinating") or []),
                                  *(row.get("partners") or [])])
        task.full_clean(exclude=["plan", "version"], validate_constraints=False)
        tasks.append(task)
    # One insert for the rows (the database checks the constraints), then one per kind of link.
    tasks = Task.objects.bulk_create(tasks)
    _bulk_write_links(list(zip(tasks, rows, strict=True)), resolver, actor)
    return tasks


@transaction.atomic
def plan_create_from_parsed(
    *, parsed: dict, actor, source_name: str = "", source_bytes: bytes | None = None,
    replaces: Plan | None = None,
) -> Plan:
    """Store an imported plan as a draft for review (version 1, unresolved names kept as written)."""
    require(actor is None or is_manager(actor), _("Chỉ đơn vị đầu mối mới được nhập kế hoạch."))
    doc = parsed.get("document") or {}
    rows = parsed.get("tasks") or []
    if not rows:
        raise ValidationError(_("Văn bản không có bảng nhiệm vụ nào để nhập."))
    resolver = _Resolver()
    period = doc.get("period") or {}
    plan = Plan(
        kind=doc.get("kind") or "plan", number=clean(doc.get("number"))[:60], issued_on=_date(doc.get("issued_on")),
        issuer_name=clean(doc.get("issuer"))[:300], issuer=resolver.organization(doc.get("issuer") or ""),
        signer=clean(doc.get("signer"))[:120], signer_title=clean(doc.get("signer_title"))[:120],
        title=clean(doc.get("title")) or clean(source_name) or _("(chưa có trích yếu)"),
        period_start=period.get("start"), period_end=period.get("end"),
        coordinator=resolver.organization(doc.get("coordinator") or ""),
        finance_unit=resolver.organization(doc.get("finance_unit") or ""),
        status=PlanStatus.DRAFT, source_name=clean(source_name)[:255], source_format=doc.get("format") or "",
        import_warnings=list(doc.get("warnings") or []), created_by=actor if getattr(actor, "pk", None) else None,
        replaces=replaces,
    )
    if plan.period_start and plan.period_end and plan.period_start > plan.period_end:
        plan.period_start, plan.period_end = plan.period_end, plan.period_start
    if source_bytes is not None:
        plan.source_sha256 = hashlib.sha256(source_bytes).hexdigest()
    plan.full_clean(exclude=["current_version", "source_file"])
    plan.save()
    if source_bytes is not None and source_name:
        plan.source_file.save(source_name[-100:], ContentFile(source_bytes), save=True)
    LegalBasis.objects.bulk_create(
        [LegalBasis(plan=plan, number=clean(b.get("number"))[:80], date=_date(b.get("date")), position=i)
         for i, b in enumerate(doc.get("legal_bases") or []) if b.get("number")]
    )
    schedule = doc.get("report_schedule") or []
    if not schedule and doc.get("report_due"):
        month, day = (int(x) for x in doc["report_due"].split("-"))
        schedule = [{"month": month, "day": day, "text": ""}]
    seen = set()
    for entry in schedule:
        key = (int(entry["month"]), int(entry["day"]))
        if key not in seen:
            seen.add(key)
            deadline = ReportingDeadline(plan=plan, month=key[0], day=key[1], text=clean(entry.get("text"))[:300])
            deadline.full_clean()
            deadline.save()
    version = PlanVersion.objects.create(plan=plan, number=1, source=VersionSource.IMPORT,
                                         created_by=plan.created_by)
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    _create_tasks(plan=plan, version=version, rows=rows, resolver=resolver, actor=actor)
    audit_log(actor=actor, action="plan.import", obj=plan, after=snapshot(plan, PLAN_AUDIT_FIELDS),
              message=source_name)
    return plan


def unresolved_names(plan: Plan) -> list[str]:
    """Names in the draft that match no organisation yet, in order of first appearance."""
    names = (TaskAssignment.objects.filter(task__version_id=plan.current_version_id, organization__isnull=True)
             .order_by("task__position", "role", "position").values_list("raw_name", flat=True))
    return list(dict.fromkeys(names))


@transaction.atomic
def plan_map_name(*, plan: Plan, raw_name: str, organization: Organization, actor) -> int:
    """Point every use of a written name in a draft at an existing organisation (and remember the alias)."""
    require(is_manager(actor), _("Chỉ đơn vị đầu mối mới được sửa bản nháp."))
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Chỉ sửa được kế hoạch ở trạng thái bản nháp."))
    key = name_key(raw_name)
    updated = 0
    for assignment in TaskAssignment.objects.filter(task__version_id=plan.current_version_id):
        if name_key(assignment.raw_name) == key:
            assignment.organization = organization
            assignment.save(update_fields=["organization"])
            updated += 1
    if key != organization.name_key and not OrganizationAlias.objects.filter(alias_key=key).exists():
        OrganizationAlias.objects.create(organization=organization, alias=raw_name)
    audit_log(actor=actor, action="plan.map_name", obj=plan, after={"name": raw_name, "organization": organization.pk})
    return updated


def _resolve_remaining(plan: Plan, actor, create_unknown: bool) -> None:
    remaining = unresolved_names(plan)
    if remaining and not create_unknown:
        raise ValidationError(
            _("Còn %(count)s tên đơn vị chưa xác định: %(names)s. Hãy gán vào đơn vị có sẵn hoặc chọn tạo mới.")
            % {"count": len(remaining), "names": "; ".join(remaining[:10])}
        )
    ministry = the_ministry()
    created = {}
    for name in remaining:
        created[name_key(name)] = organization_create_from_import(name=name, actor=actor, parent=ministry)
    for assignment in TaskAssignment.objects.filter(task__version_id=plan.current_version_id, organization__isnull=True):
        assignment.organization = created.get(name_key(assignment.raw_name))
        assignment.save(update_fields=["organization"])


@transaction.atomic
def plan_publish(*, plan: Plan, actor, create_unknown: bool = False) -> Plan:
    """Make a reviewed draft official. A re-imported draft of a published plan becomes its next version."""
    require(actor is None or is_manager(actor), _("Chỉ đơn vị đầu mối mới được ban hành kế hoạch vào hệ thống."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kế hoạch này không còn là bản nháp."))
    _resolve_remaining(plan, actor, create_unknown)
    before = snapshot(plan, PLAN_AUDIT_FIELDS)
    if plan.replaces_id:
        target = _apply_reimport(draft=plan, actor=actor)
        return target
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(actor=actor, action="plan.publish", obj=plan, before=before, after=snapshot(plan, PLAN_AUDIT_FIELDS))
    return plan


def match_lineages(old_tasks: list[Task], new_rows: list[dict]) -> list:
    """For each new row, the lineage of the old task it continues: same (group, ref), else same title."""
    by_ref = {(name_key(t.group), t.ref.rstrip(".")): t for t in old_tasks if t.ref}
    by_title = {name_key(t.title): t for t in old_tasks}
    used, result = set(), []
    for row in new_rows:
        old = by_ref.get((name_key(row.get("group")), str(row.get("ref") or "").rstrip(".")))
        if old is None or old.lineage in used:
            old = by_title.get(name_key(row.get("title")))
        if old is not None and old.lineage not in used:
            used.add(old.lineage)
            result.append(old.lineage)
        else:
            result.append(None)
    return result


def task_rows(tasks) -> list[dict]:
    """Tasks back into the importer's row shape (for copying into a new version)."""
    rows = []
    for t in tasks:
        assignments = list(t.assignments.all())
        rows.append({
            "group": t.group, "ref": t.ref, "title": t.title,
            "lead": [a.raw_name for a in assignments if a.role == AssignmentRole.LEAD],
            "coordinating": [a.raw_name for a in assignments if a.role == AssignmentRole.COORDINATING],
            "products": [p.name for p in t.products.all()],
            "partners": [p.raw_name for p in t.partner_links.all()],
            "funding": t.funding, "note": t.note,
            "timeframe": {"raw": t.timeframe_raw, "kind": t.timeframe_kind,
                          "start": t.timeframe_start.isoformat() if t.timeframe_start else None,
                          "end": t.timeframe_end.isoformat() if t.timeframe_end else None},
        })
    return rows


def can_make_version(actor) -> bool:
    """Who may give a published plan a new version: the coordinator (re-import), leadership (an approved
    amendment), or the system (actor None)."""
    return actor is None or is_manager(actor) or bool(getattr(actor, "is_leadership", False))


@transaction.atomic
def plan_new_version(*, plan: Plan, rows: list[dict], lineages: list, actor, source: str,
                     decision_number: str = "", decision_date: dt.date | None = None, note: str = "") -> PlanVersion:
    """Write the next version of a published plan from rows and make it current.

    Callers that decide (re-import, amendment approval) check their own rule and lock the plan row first;
    this checks that the actor may make versions at all, and writes everything in one transaction.
    """
    require(can_make_version(actor), _("Bạn không được tạo phiên bản mới của kế hoạch."))
    last = plan.versions.order_by("-number").first()
    version = PlanVersion.objects.create(
        plan=plan, number=(last.number + 1) if last else 1, source=source, decision_number=decision_number,
        decision_date=decision_date, note=note, created_by=actor if getattr(actor, "pk", None) else None,
    )
    resolver = _Resolver()
    tasks = _create_tasks(plan=plan, version=version, rows=rows, resolver=resolver, actor=actor, lineages=lineages)
    # Progress belongs to the task, not to one version of its wording.
    previous = {t.lineage: t for t in Task.objects.filter(version_id=plan.current_version_id)}
    for task in tasks:
        old = previous.get(task.lineage)
        if old is not None:
            task.progress, task.progress_percent = old.progress, old.progress_percent
            task.progress_updated_at, task.seeks_sponsorship = old.progress_updated_at, old.seeks_sponsorship
            task.save(update_fields=["progress", "progress_percent", "progress_updated_at", "seeks_sponsorship"])
    before = snapshot(plan, PLAN_AUDIT_FIELDS)
    plan.current_version = version
    plan.save(update_fields=["current_version", "updated_at"])
    audit_log(actor=actor, action="plan.new_version", obj=plan, before=before,
              after=snapshot(plan, PLAN_AUDIT_FIELDS), message=f"v{version.number} {note}".strip())
    plan_version_changed.send(sender=Plan, plan=plan, version=version, actor=actor)
    return version


def _apply_reimport(*, draft: Plan, actor) -> Plan:
    target = Plan.objects.select_for_update().get(pk=draft.replaces_id)
    new_tasks = list(Task.objects.filter(version_id=draft.current_version_id)
                     .prefetch_related("assignments", "partner_links", "products"))
    old_tasks = list(Task.objects.filter(version_id=target.current_version_id))
    rows = task_rows(new_tasks)
    for row, task in zip(rows, new_tasks, strict=True):
        row["source_lines"], row["flags"] = task.source_lines, task.import_flags
    plan_new_version(plan=target, rows=rows, lineages=match_lineages(old_tasks, rows), actor=actor,
                     source=VersionSource.IMPORT, note=_("Nhập lại từ %(name)s") % {"name": draft.source_name})
    before = snapshot(draft, PLAN_AUDIT_FIELDS)
    draft.status = PlanStatus.ARCHIVED
    draft.archived_at = timezone.now()
    draft.save(update_fields=["status", "archived_at", "updated_at"])
    audit_log(actor=actor, action="plan.reimport_applied", obj=draft, before=before,
              after=snapshot(draft, PLAN_AUDIT_FIELDS), message=str(target.pk))
    return target


@transaction.atomic
def plan_archive(*, plan: Plan, actor) -> Plan:
    """Retire a plan: it stays readable, nothing is deleted."""
    require(is_manager(actor), _("Chỉ đơn vị đầu mối mới được lưu trữ kế hoạch."))
    if plan.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("Kế hoạch đã được lưu trữ."))
    before = snapshot(plan, PLAN_AUDIT_FIELDS)
    plan.status = PlanStatus.ARCHIVED
    plan.archived_at = timezone.now()
    plan.save(update_fields=["status", "archived_at", "updated_at"])
    audit_log(actor=actor, action="plan.archive", obj=plan, before=before, after=snapshot(plan, PLAN_AUDIT_FIELDS))
    return plan


@transaction.atomic
def plan_update_facts(*, plan: Plan, actor, data: dict) -> Plan:
    """Correct a plan's document facts (number, dates, title, coordinator…)."""
    require(is_manager(actor), _("Chỉ đơn vị đầu mối mới được sửa kế hoạch."))
    if plan.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("Không sửa được kế hoạch đã lưu trữ."))
    before = snapshot(plan, PLAN_AUDIT_FIELDS)
    for field, value in data.items():
        setattr(plan, field, value)
    plan.full_clean(exclude=["source_file"])
    plan.save()
    audit_log(actor=actor, action="plan.update", obj=plan, before=before, after=snapshot(plan, PLAN_AUDIT_FIELDS))
    return plan


def split_names(text: str) -> list[str]:
    """Names typed by a person in a correction form: one per line or separated by semicolons."""
    parts = [p for line in (text or "").splitlines() for p in line.split(";")]
    return [clean(p) for p in parts if clean(p)]


@transaction.atomic
def task_correct(*, task: Task, actor, data: dict) -> Task:
    """Inline correction of a draft row on the review page (title, units, products, timeframe…)."""
    require(is_manager(actor), _("Chỉ đơn vị đầu mối mới được sửa bản nháp."))
    if task.plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Chỉ sửa trực tiếp được nhiệm vụ của bản nháp; kế hoạch đã ban hành cần đề xuất điều chỉnh."))
    before = task_snapshot(task)
    for field in ("group", "ref", "title", "funding", "note"):
        if field in data:
            setattr(task, field, clean(data[field]))
    if "timeframe_raw" in data:
        tf = parse_timeframe(data["timeframe_raw"])
        task.timeframe_raw, task.timeframe_kind = clean(data["timeframe_raw"]), tf["kind"]
        task.timeframe_start, task.timeframe_end = _date(tf.get("start")), _date(tf.get("end"))
    resolver = _Resolver()
    row = {"lead": split_names(data["lead"]) if "lead" in data else before["lead"],
           "coordinating": split_names(data["coordinating"]) if "coordinating" in data else before["coordinating"],
           "partners": split_names(data["partners"]) if "partners" in data else before["partners"],
           "products": split_names(data["products"]) if "products" in data else [p.name for p in task.products.all()]}
    task.assignments.all().delete()  # link rows of a draft, rewritten whole; the task itself is kept
    task.products.clear()
    task.partner_links.all().delete()
    _write_task_links(task, row, resolver, actor)
    task.product_text = ", ".join(row["products"])[:500]
    task.import_flags = [f for f in task.import_flags if f not in ("no_lead", "unparsed_timeframe", "no_title")]
    task.refresh_search_text([*row["lead"], *row["coordinating"], *row["partners"]])
    task.full_clean()
    task.save()
    audit_log(actor=actor, action="task.correct", obj=task, before=before, after=task_snapshot(task))
    return task


@transaction.atomic
def task_set_archived(*, task: Task, actor, archived: bool) -> Task:
    """Set a draft row aside (e.g. a row the importer split wrongly) without deleting it."""
    require(is_manager(actor), _("Chỉ đơn vị đầu mối mới được sửa bản nháp."))
    if task.plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Nhiệm vụ của kế hoạch đã ban hành chỉ thay đổi qua đề xuất điều chỉnh."))
    before = task_snapshot(task)
    task.is_archived = archived
    task.save(update_fields=["is_archived", "updated_at"])
    audit_log(actor=actor, action="task.archive" if archived else "task.restore", obj=task, before=before,
              after=task_snapshot(task))
    return task

