"""Writes to the organisation registry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, audit_log_created, snapshot
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


def _registry_entries(data: dict) -> list[tuple[str, str, dict, list[str], list[str] | None]]:
    """The registry file as (kind, name, fields, aliases, explicit members), the ministry first; ``parent`` is
    the string "ministry" for units and groups (the ministry's row is made first)."""
    m = data["ministry"]
    entries: list[tuple[str, str, dict, list[str], list[str] | None]] = [(OrgKind.MINISTRY, m["name"], {
        "short_name": m.get("short_name", ""), "document_code": m.get("document_code", ""),
        "place": m.get("place", "")}, m.get("aliases", []), None)]
    for position, u in enumerate(data.get("units", []), start=1):
        entries.append((OrgKind.UNIT, u["name"], {
            "short_name": u.get("short_name", ""), "document_code": u.get("short_name", ""),
            "unit_type": u.get("type", "other"), "parent": "ministry",
            "is_state_management": u.get("state_management", False), "is_art_unit": u.get("art", False),
            "is_training": u.get("training", False), "is_active": u.get("active", True),
            "place": u.get("place", m.get("place", "")), "position": position, "needs_review": False,
        }, u.get("aliases", []), None))
    for g in data.get("groups", []):
        entries.append((OrgKind.GROUP, g["name"], {"group_rule": g["rule"], "parent": "ministry",
                                                   "needs_review": False}, g.get("aliases", []),
                        g.get("members", []) if g["rule"] == GroupRule.EXPLICIT else None))
    for e in data.get("external", []):
        entries.append((OrgKind.EXTERNAL, e["name"], {"short_name": e.get("short_name", ""), "needs_review": False},
                        [], None))
    return entries


def _registry_counts(entries) -> dict[str, int]:
    kinds = [kind for kind, *_ in entries]
    return {"units": kinds.count(OrgKind.UNIT), "groups": kinds.count(OrgKind.GROUP),
            "external": kinds.count(OrgKind.EXTERNAL)}


def _registry_create_all(entries, actor) -> None:
    """A registry loaded into an empty database (a new installation, the demo, every test): the same rows,
    aliases and audit entries as one upsert each, in a handful of inserts."""
    ministry: Organization | None = None
    orgs: list[Organization] = []
    for kind, name, fields, _aliases, _members in entries:
        values = {k: (ministry if v == "ministry" else v) for k, v in fields.items()}
        org = Organization(name=name, kind=kind, **values)
        # The parent is the ministry saved just above: no query to check it exists.
        org.full_clean(exclude=["name_key", "parent"], validate_unique=False, validate_constraints=False)
        org.derive()
        if kind == OrgKind.MINISTRY:
            org.save()
            ministry = org
        else:
            orgs.append(org)
    assert ministry is not None  # the registry's first entry
    seen: set[str] = {ministry.name_key}
    for org in orgs:
        if org.name_key in seen:
            raise ValidationError(_("Danh mục đơn vị có tên trùng nhau: %(name)s.") % {"name": org.name})
        seen.add(org.name_key)
    orgs = [ministry, *Organization.objects.bulk_create(orgs)]
    audit_log_created(actor=actor, action="organization.create", objs=orgs)
    taken: set[str] = set()  # as one upsert each: an alias is skipped if it is the body's own name or already taken
    aliases = []
    for org, (_kind, _name, _fields, names, _members) in zip(orgs, entries, strict=True):
        for alias in names:
            row = OrganizationAlias(organization=org, alias=alias)
            row.derive()
            if row.alias_key and row.alias_key != org.name_key and row.alias_key not in taken:
                taken.add(row.alias_key)
                aliases.append(row)
    OrganizationAlias.objects.bulk_create(aliases)
    by_key = {o.name_key: o for o in orgs}
    for org, (_kind, _name, _fields, _aliases, members) in zip(orgs, entries, strict=True):
        if members is not None:
            org.members.set([by_key[k] for k in (name_key(n) for n in members) if k in by_key])


@transaction.atomic
def registry_load(*, path: Path = DEFAULT_REGISTRY, actor=None) -> dict[str, int]:
    """Load (or refresh) the ministry's organisation registry from a JSON file; safe to run twice."""
    entries = _registry_entries(json.loads(Path(path).read_text(encoding="utf-8")))
    if not Organization.objects.exists():
        _registry_create_all(entries, actor)
        return _registry_counts(entries)
    ministry = None
    for kind, name, fields, aliases, members in entries:
        values = {k: (ministry if v == "ministry" else v) for k, v in fields.items()}
        org = _upsert(name=name, kind=kind, actor=actor, defaults=values)
        ministry = ministry or org
        _add_aliases(org, aliases)
        if members is not None:
            org.members.set(Organization.objects.filter(name_key__in=[name_key(n) for n in members]))
    return _registry_counts(entries)


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
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name_vi, name_en, aliases = (line.split("|") + ["", "", ""])[:4]
        rows.append(Country(code=code.strip().upper(), name_vi=name_vi.strip(), name_en=name_en.strip(),
                            aliases=aliases.strip()))
    if not Country.objects.exists():  # a new installation: one insert
        for country in rows:
            country.derive()
        Country.objects.bulk_create(rows)
        return len(rows)
    for country in rows:
        Country.objects.update_or_create(code=country.code, defaults={
            "name_vi": country.name_vi, "name_en": country.name_en, "aliases": country.aliases})
    return len(rows)


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
