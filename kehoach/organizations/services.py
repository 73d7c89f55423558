"""Writes to the organisation registry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.text import clean, name_key
from kehoach.core.workflow import locked

from .choices import GroupRule, OrgKind
from .models import Country, Organization, OrganizationAlias
from .selectors import country_by_name
from .signals import organization_succeeded

REGISTRY_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_REGISTRY = REGISTRY_DIR / "registry_bvhttdl.json"


def _upsert(*, name: str, kind: str, defaults: dict, actor=None) -> Organization:
    org = Organization.objects.filter(name_key=name_key(name)).first()
    if org is None:
        org = Organization(name=name, kind=kind, **defaults)
        org.full_clean(exclude=["name_key"])
        org.save()
        audit_log(actor=actor, action="organization.create", obj=org, after=snapshot(org))
        return org
    before = snapshot(org)
    for field, value in defaults.items():
        setattr(org, field, value)
    org.kind = kind
    org.save()
    after = snapshot(org)
    if before != after:
        audit_log(actor=actor, action="organization.update", obj=org, before=before, after=after)
    return org


def _add_aliases(org: Organization, aliases: list[str]) -> None:
    for alias in aliases:
        key = name_key(alias)
        if key and key != org.name_key and not OrganizationAlias.objects.filter(alias_key=key).exists():
            OrganizationAlias.objects.create(organization=org, alias=alias)


@transaction.atomic
def registry_load(*, path: Path = DEFAULT_REGISTRY, actor=None) -> dict[str, int]:
    """Load (or refresh) the ministry's organisation registry from a JSON file; safe to run twice."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = {"units": 0, "groups": 0, "external": 0}
    m = data["ministry"]
    ministry = _upsert(
        name=m["name"], kind=OrgKind.MINISTRY, actor=actor,
        defaults={"short_name": m.get("short_name", ""), "document_code": m.get("document_code", ""),
                  "place": m.get("place", "")},
    )
    _add_aliases(ministry, m.get("aliases", []))
    for position, u in enumerate(data.get("units", []), start=1):
        unit = _upsert(
            name=u["name"], kind=OrgKind.UNIT, actor=actor,
            defaults={
                "short_name": u.get("short_name", ""), "document_code": u.get("short_name", ""),
                "unit_type": u.get("type", "other"), "parent": ministry,
                "is_state_management": u.get("state_management", False), "is_art_unit": u.get("art", False),
                "is_training": u.get("training", False), "is_active": u.get("active", True),
                "place": u.get("place", m.get("place", "")), "position": position, "needs_review": False,
            },
        )
        _add_aliases(unit, u.get("aliases", []))
        counts["units"] += 1
    for g in data.get("groups", []):
        group = _upsert(name=g["name"], kind=OrgKind.GROUP, actor=actor,
                        defaults={"group_rule": g["rule"], "parent": ministry, "needs_review": False})
        _add_aliases(group, g.get("aliases", []))
        if g["rule"] == GroupRule.EXPLICIT:
            group.members.set(Organization.objects.filter(name_key__in=[name_key(n) for n in g.get("members", [])]))
        counts["groups"] += 1
    for e in data.get("external", []):
        _upsert(name=e["name"], kind=OrgKind.EXTERNAL, actor=actor,
                defaults={"short_name": e.get("short_name", ""), "needs_review": False})
        counts["external"] += 1
    return counts


def guess_kind(name: str) -> tuple[str, str]:
    """(kind, group_rule) for a name first seen in an imported plan, from how the name begins."""
    lowered = clean(name).lower()
    if lowered.startswith("các "):
        rule = GroupRule.NAMED_LATER if "liên quan" in lowered else GroupRule.EXPLICIT
        return OrgKind.GROUP, rule
    if lowered.startswith(("bộ ", "ủy ban", "ubnd", "văn phòng chính phủ", "văn phòng trung ương")):
        return OrgKind.EXTERNAL, ""
    return OrgKind.UNIT, ""


@transaction.atomic
def organization_create_from_import(*, name: str, kind: str | None = None, actor=None,
                                    parent: Organization | None = None) -> Organization:
    """Create a unit first named by an imported plan, marked for review of its name."""
    existing = Organization.objects.filter(name_key=name_key(name)).first()
    if existing:
        return existing
    guessed_kind, rule = guess_kind(name)
    kind = kind or guessed_kind
    org = Organization(name=name, kind=kind, group_rule=rule if kind == OrgKind.GROUP else "",
                       needs_review=True, parent=parent if kind in (OrgKind.UNIT, OrgKind.GROUP) else None)
    org.full_clean(exclude=["name_key"])
    org.save()
    audit_log(actor=actor, action="organization.create_from_import", obj=org, after=snapshot(org))
    return org


@transaction.atomic
def countries_load(*, path: Path = REGISTRY_DIR / "countries.txt") -> int:
    """Load the ISO 3166 country list with Vietnamese names; safe to run twice."""
    count = 0
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name_vi, name_en, aliases = (line.split("|") + ["", "", ""])[:4]
        Country.objects.update_or_create(code=code.strip().upper(), defaults={
            "name_vi": name_vi.strip(), "name_en": name_en.strip(), "aliases": aliases.strip()})
        count += 1
    return count


@transaction.atomic
def partner_get_or_create(*, name: str, actor=None, countries: dict | None = None) -> Organization:
    existing = Organization.objects.filter(name_key=name_key(name)).first()
    if existing:
        return existing
    country = country_by_name(name, countries)
    org = Organization(name=name, kind=OrgKind.PARTNER, country=country,
                       partner_type="government" if country else "organisation", needs_review=country is None)
    org.full_clean(exclude=["name_key"])
    org.save()
    audit_log(actor=actor, action="partner.create_from_import", obj=org, after=snapshot(org))
    return org


@transaction.atomic
def organization_set_successor(*, actor, organization: Organization, successor: Organization | None,
                               since: dt.date | None = None) -> Organization:
    """A unit closes (merged or renamed): name the unit that carries on its obligations, history and reports.
    The successor must be an active unit, not the unit itself, not closed, and not lead back to it."""
    require(actor, "organizations.set_successor", organization)
    org = locked(organization)
    before = snapshot(org, ["successor_id", "successor_since", "is_active"])
    if successor is not None:
        successor = Organization.objects.get(pk=successor.pk)
        if successor.pk == org.pk:
            raise ValidationError({"successor": _("Đơn vị kế thừa phải là một đơn vị khác.")})
        if successor.kind != OrgKind.UNIT or org.kind != OrgKind.UNIT:
            raise ValidationError({"successor": _("Chỉ khai báo đơn vị kế thừa giữa các đơn vị thuộc Bộ.")})
        if not successor.is_active or successor.successor_id:
            raise ValidationError({"successor": _("Đơn vị kế thừa “%(name)s” đã ngừng hoạt động; hãy chọn đơn vị "
                                                  "đang hoạt động.") % {"name": successor.name}})
        if since is None:
            raise ValidationError({"successor_since": _("Hãy nhập ngày kế thừa.")})
        org.is_active = False
    org.successor, org.successor_since = successor, since if successor else None
    org.full_clean()
    org.save()
    audit_log(actor=actor, action="organization.successor", obj=org, before=before,
              after=snapshot(org, ["successor_id", "successor_since", "is_active"]))
    organization_succeeded.send(sender=Organization, organization=org, successor=successor, actor=actor)
    return org


@transaction.atomic
def group_set_members(*, actor, group: Organization, members) -> Organization:
    """Give a named group ("Các Hãng phim") its member units, so the tasks given to it reach someone. A group
    with no members is refused: it would route its tasks to nobody."""
    require(actor, "organizations.edit_group", group)
    group = locked(group)
    if group.kind != OrgKind.GROUP:
        raise ValidationError({"group": _("“%(name)s” không phải là một nhóm đơn vị.") % {"name": group.name}})
    members = [m for m in members if m is not None]
    if not members:
        raise ValidationError({"members": _("Nhóm “%(name)s” cần ít nhất một đơn vị thành viên.")
                               % {"name": group.name}})
    closed = [m.name for m in members if m.kind != OrgKind.UNIT or not m.is_active]
    if closed:
        raise ValidationError({"members": _("Không thêm được vào nhóm (không phải đơn vị đang hoạt động): "
                                            "%(names)s.") % {"names": "; ".join(closed)}})
    before = {"members": sorted(group.members.values_list("id", flat=True)), "group_rule": group.group_rule}
    group.group_rule = GroupRule.EXPLICIT
    group.full_clean()
    group.save()
    group.members.set(members)
    audit_log(actor=actor, action="organization.group_members", obj=group, before=before,
              after={"members": sorted(m.pk for m in members), "group_rule": group.group_rule})
    return group
