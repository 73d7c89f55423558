"""Writes to the cooperation register: activities synced from plans, agreements and events."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.uploads import DOCX, PDF, check_size, extension, inspected_type
from kehoach.organizations.choices import OrgKind
from kehoach.organizations.models import Country, Organization
from kehoach.organizations.selectors import expand_to_units
from kehoach.plans.choices import AssignmentRole, funding_sources_in
from kehoach.plans.models import Plan, Task
from kehoach.plans.selectors import current_tasks

from .choices import ActivityStatus
from .models import Activity, Agreement, Event

if TYPE_CHECKING:
    from kehoach.accounts.models import User

ACTIVITY_FIELDS = ["plan_id", "task_id", "group", "ref", "title", "units_text", "timeframe_raw", "start_date",
                   "end_date", "year_start", "year_end", "funding", "funding_sources", "status", "note",
                   "is_archived"]
AGREEMENT_FIELDS = ["title", "kind", "owner_unit_id", "signed_on", "expires_on", "status", "task_id", "note",
                    "is_archived"]
EVENT_FIELDS = ["title", "kind", "start_date", "end_date", "place", "country_id", "owner_unit_id", "task_id",
                "note", "is_archived"]


def _years(task: Task, plan: Plan) -> tuple[int | None, int | None]:
    """Years an activity runs: its dates, else the plan period for yearly/continuous rows."""
    start = task.timeframe_start or task.timeframe_end
    end = task.timeframe_end or task.timeframe_start
    if start is not None and end is not None:  # one date set: both are
        return start.year, end.year
    return plan.period_start, plan.period_end


def _activity_units(task: Task) -> list[Organization]:
    units: list[Organization] = []
    for a in task.assignments.all():
        if a.organization is not None and a.role == AssignmentRole.LEAD:
            units.extend(expand_to_units(a.organization) if a.organization.kind == OrgKind.GROUP
                         else [a.organization])
    return list({u.pk: u for u in units}.values())


@transaction.atomic
def activities_sync_from_plan(*, plan: Plan, actor: User | None=None) -> list[Activity]:
    """One activity per task of the plan's current version, keyed by task lineage: running it again
    updates the rows (new version, corrected names) and archives activities whose task was dropped."""
    require(actor, "cooperation.sync_activities", plan)
    return _sync_activities(plan, actor)


def _sync_activities(plan: Plan, actor) -> list[Activity]:
    tasks = list(current_tasks(plan))
    existing = {a.lineage: a for a in Activity.objects.filter(plan=plan)}
    synced = []
    for task in tasks:
        activity = existing.pop(task.lineage, None)
        before = snapshot(activity, ACTIVITY_FIELDS) if activity else None
        if activity is None:
            activity = Activity(plan=plan, lineage=task.lineage)
        year_start, year_end = _years(task, plan)
        units = _activity_units(task)
        activity.task = task
        activity.group, activity.ref, activity.title = task.group, task.ref, task.title
        activity.units_text = "; ".join(a.raw_name for a in task.assignments.all()
                                        if a.role == AssignmentRole.LEAD)[:500]
        activity.timeframe_raw = task.timeframe_raw
        activity.start_date, activity.end_date = task.timeframe_start, task.timeframe_end
        activity.year_start, activity.year_end = year_start, year_end
        activity.funding = task.funding
        activity.funding_sources = funding_sources_in(task.funding)
        activity.is_archived = False
        if not activity.note:
            activity.note = task.note
        activity.full_clean(exclude=["plan", "task"])
        activity.save()
        partners = [p.organization for p in task.partner_links.all() if p.organization is not None]
        activity.partners.set(partners)
        # Country's key is its ISO code (a str); the stubs assume integer keys.
        activity.countries.set({p.country_id for p in partners if p.country_id})  # type: ignore[misc]
        activity.units.set(units)
        after = snapshot(activity, ACTIVITY_FIELDS)
        if before != after:
            audit_log(actor=actor, action="activity.sync" if before else "activity.create_from_plan",
                      obj=activity, before=before, after=after)
        synced.append(activity)
    for gone in existing.values():
        if not gone.is_archived:
            before = snapshot(gone, ACTIVITY_FIELDS)
            gone.is_archived = True
            gone.save(update_fields=["is_archived", "updated_at"])
            audit_log(actor=actor, action="activity.archive", obj=gone, before=before,
                      after=snapshot(gone, ACTIVITY_FIELDS), message=_("Nhiệm vụ không còn trong kế hoạch"))
    return synced


def _snapshot(obj, fields: list[str]) -> dict:
    # core.snapshot trips over an empty FileField (FieldFile.url raises ValueError), so record its name here.
    data = snapshot(obj, fields)
    if isinstance(obj, Agreement):
        data["file"] = obj.file.name or None
    return data


def on_plan_version_changed(sender, *, plan: Plan, version, actor: User | None=None, **kwargs) -> None:
    """An approved amendment re-syncs the register of a plan whose tasks are activities (same transaction)."""
    if Activity.objects.filter(plan=plan).exists():
        _sync_activities(plan, actor)


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str, actor: User, note: str | None = None) -> Activity:
    require(actor, "cooperation.edit_activity", activity)
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Trạng thái “%(status)s” không hợp lệ.") % {"status": status}})
    before = snapshot(activity, ACTIVITY_FIELDS)
    activity.status = status
    if note is not None:
        activity.note = note
    activity.full_clean(exclude=["plan", "task"])
    activity.save()
    audit_log(actor=actor, action="activity.status", obj=activity, before=before,
              after=snapshot(activity, ACTIVITY_FIELDS))
    return activity


# Agreement files are PDF or DOCX, and their bytes must say so: a renamed .exe is refused.
AGREEMENT_FILE_TYPES = {".pdf": PDF, ".docx": DOCX}


def _check_file(upload) -> None:
    if not upload or not hasattr(upload, "chunks") or getattr(upload, "_committed", False):
        return  # no new upload (an existing stored file is kept as is)
    check_size(upload, field="file")
    expected = AGREEMENT_FILE_TYPES.get(extension(upload.name))
    if expected is None:
        raise ValidationError({"file": _("Chỉ nhận tệp PDF hoặc DOCX.")})
    if inspected_type(upload, field="file") != expected:
        raise ValidationError({"file": _("Tệp “%(name)s” không phải PDF/DOCX hợp lệ.") % {"name": upload.name}})


def _save_owned(*, obj, data: dict[str, Any], actor, fields: list[str], action: str, m2m: tuple[str, ...]):
    rule = f"cooperation.edit_{obj._meta.model_name}"
    unit_member_only = not is_manager(actor)
    if obj.pk is not None:
        require(actor, rule, obj)
    if unit_member_only:
        # A unit files only for itself, whatever the form said.
        data = {**data, "owner_unit": actor.unit}
    # And the unit it files for must be one it may edit for (the record as it will be owned).
    owner_id = getattr(data.get("owner_unit"), "pk", None) if "owner_unit" in data else obj.owner_unit_id
    require(actor, rule, type(obj)(owner_unit_id=owner_id))
    before = _snapshot(obj, fields) if obj.pk else None
    for name, value in data.items():
        if name not in m2m:
            setattr(obj, name, "" if (name == "file" and value is False) else value)
    if getattr(obj, "created_by_id", None) is None and obj.pk is None:
        obj.created_by = actor
    obj.full_clean()
    obj.save()
    for name in m2m:
        if name in data:
            getattr(obj, name).set(data[name])
    if unit_member_only and "units" in m2m and actor.unit_id not in {u.pk for u in obj.units.all()}:
        obj.units.add(actor.unit)
    audit_log(actor=actor, action=action, obj=obj, before=before, after=_snapshot(obj, fields))
    return obj


@transaction.atomic
def agreement_save(*, actor: User, data: dict[str, Any], agreement: Agreement | None = None) -> Agreement:
    """Create or edit an agreement/MoU; expiry must not precede signature (also a DB constraint)."""
    require(actor, "cooperation.create_agreement")
    signed, expires = data.get("signed_on"), data.get("expires_on")
    if signed and expires and expires < signed:
        raise ValidationError({"expires_on": _("Ngày hết hiệu lực không được trước ngày ký.")})
    _check_file(data.get("file"))
    obj = agreement or Agreement()
    return _save_owned(obj=obj, data=data, actor=actor, fields=AGREEMENT_FIELDS,
                       action="agreement.update" if agreement else "agreement.create", m2m=("partners", "units"))


@transaction.atomic
def event_save(*, actor: User, data: dict[str, Any], event: Event | None = None) -> Event:
    require(actor, "cooperation.create_event")
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})
    obj = event or Event()
    return _save_owned(obj=obj, data=data, actor=actor, fields=EVENT_FIELDS,
                       action="event.update" if event else "event.create", m2m=("partners", "units"))


@transaction.atomic
def record_archive(*, obj: Agreement | Event, actor: User) -> Agreement | Event:
    """Archive (never delete) an agreement or event."""
    require(actor, f"cooperation.edit_{obj._meta.model_name}", obj,
            message=_("Bạn chỉ được lưu trữ văn kiện, sự kiện của đơn vị mình."))
    fields = AGREEMENT_FIELDS if isinstance(obj, Agreement) else EVENT_FIELDS
    before = _snapshot(obj, fields)
    obj.is_archived = True
    obj.save(update_fields=["is_archived", "updated_at"])
    audit_log(actor=actor, action=f"{obj._meta.model_name}.archive", obj=obj, before=before,
              after=_snapshot(obj, fields))
    return obj


def countries_extra_load() -> int:
    """Add the countries of `data/countries_extra.txt` the organisations registry lacks (idempotent)."""
    path = Path(__file__).parent / "data" / "countries_extra.txt"
    added = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name_vi, name_en, aliases = (line.split("|") + ["", "", "", ""])[:4]
        _country, created = Country.objects.get_or_create(
            code=code.strip().upper(), defaults={"name_vi": name_vi.strip(), "name_en": name_en.strip(),
                                                 "aliases": aliases.strip()})
        added += created
    return added
