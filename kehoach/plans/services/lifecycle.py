"""A plan's life: the imported draft, its names mapped, publication, facts, archive."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import clean, name_key
from kehoach.core.workflow import locked
from kehoach.organizations.models import Organization, OrganizationAlias
from kehoach.organizations.selectors import assignment_gaps, the_ministry
from kehoach.organizations.services import organization_create_from_import

from ..cache import plan_data_changed
from ..choices import PlanStatus, VersionSource
from ..models import LegalBasis, Plan, PlanVersion, ReportingDeadline, TaskAssignment
from ..rows import TaskRow
from .rows import PLAN_AUDIT_FIELDS, _create_tasks, _date, _Resolver
from .versions import _apply_reimport

if TYPE_CHECKING:
    from kehoach.accounts.models import User


@transaction.atomic
def plan_create_from_parsed(
    *, parsed: dict, actor: User | None, source_name: str = "", source_bytes: bytes | None = None,
    replaces: Plan | None = None, source: str = VersionSource.IMPORT,
) -> Plan:
    """Store an imported plan as a draft for review (version 1, unresolved names kept as written).

    A plan entered by hand (``source`` manual) comes through here too, so it is reviewed and published
    exactly as an imported one."""
    require(actor, "plans.import_plan")
    doc = parsed.get("document") or {}
    rows = [t if isinstance(t, TaskRow) else TaskRow.from_mapping(t) for t in parsed.get("tasks") or []]
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
    version = PlanVersion.objects.create(plan=plan, number=1, source=source,
                                         created_by=plan.created_by)
    plan.current_version = version
    plan.save(update_fields=["current_version"])
    _create_tasks(plan=plan, version=version, rows=rows, resolver=resolver, actor=actor)
    action = "plan.create_manual" if source == VersionSource.MANUAL else "plan.import"
    audit_log(actor=actor, action=action, obj=plan, after=snapshot(plan, PLAN_AUDIT_FIELDS), message=source_name)
    return plan


def unresolved_names(plan: Plan) -> list[str]:
    """Names in the draft that match no organisation yet, in order of first appearance."""
    names = (TaskAssignment.objects.filter(task__version_id=plan.current_version_id, organization__isnull=True)
             .order_by("task__position", "role", "position").values_list("raw_name", flat=True))
    return list(dict.fromkeys(names))


@transaction.atomic
def plan_map_name(*, plan: Plan, raw_name: str, organization: Organization, actor: User) -> int:
    """Point every use of a written name in a draft at an existing organisation (and remember the alias)."""
    require(actor, "plans.edit_draft", plan)
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
def plan_publish(*, plan: Plan, actor: User | None, create_unknown: bool = False) -> Plan:
    """Make a reviewed draft official. A re-imported draft of a published plan becomes its next version."""
    require(actor, "plans.publish", plan)
    plan = locked(plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kế hoạch này không còn là bản nháp."))
    _resolve_remaining(plan, actor, create_unknown)
    before = snapshot(plan, PLAN_AUDIT_FIELDS)
    if plan.replaces_id:
        target = _apply_reimport(draft=plan, actor=actor)
        return target
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    # Groups that expand to no unit and closed units without a successor route tasks to nobody: say so.
    gaps = assignment_gaps(a.organization for a in TaskAssignment.objects.filter(
        task__version_id=plan.current_version_id).select_related("organization"))
    plan.import_warnings = [w for w in plan.import_warnings if w not in gaps] + gaps
    plan.save(update_fields=["status", "published_at", "import_warnings", "updated_at"])
    plan.assignment_gaps = gaps
    audit_log(actor=actor, action="plan.publish", obj=plan, before=before, after=snapshot(plan, PLAN_AUDIT_FIELDS),
              message="; ".join(gaps))
    return plan


@transaction.atomic
def plan_archive(*, plan: Plan, actor: User) -> Plan:
    """Retire a plan: it stays readable, nothing is deleted."""
    require(actor, "plans.archive", plan)
    if plan.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("Kế hoạch đã được lưu trữ."))
    before = snapshot(plan, PLAN_AUDIT_FIELDS)
    plan.status = PlanStatus.ARCHIVED
    plan.archived_at = timezone.now()
    plan.save(update_fields=["status", "archived_at", "updated_at"])
    audit_log(actor=actor, action="plan.archive", obj=plan, before=before, after=snapshot(plan, PLAN_AUDIT_FIELDS))
    plan_data_changed(plan.pk)
    return plan


@transaction.atomic
def plan_update_facts(*, plan: Plan, actor: User, data: dict) -> Plan:
    """Correct a plan's document facts (number, dates, title, coordinator…)."""
    require(actor, "plans.edit_plan", plan)
    if plan.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("Không sửa được kế hoạch đã lưu trữ."))
    before = snapshot(plan, PLAN_AUDIT_FIELDS)
    for field, value in data.items():
        setattr(plan, field, value)
    plan.full_clean(exclude=["source_file"])
    plan.save()
    audit_log(actor=actor, action="plan.update", obj=plan, before=before, after=snapshot(plan, PLAN_AUDIT_FIELDS))
    plan_data_changed(plan.pk)
    return plan
