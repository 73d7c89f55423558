"""Reads of the organisation registry."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kehoach.core.text import fold, name_key

from .choices import GroupRule, OrgKind
from .models import Country, Organization, OrganizationAlias


def organization_by_name(name: str) -> Organization | None:
    """The organisation a written name means, matched by name or alias, ignoring tone placement and case."""
    key = name_key(name)
    if not key:
        return None
    org = Organization.objects.filter(name_key=key).first()
    if org is None:
        alias = OrganizationAlias.objects.select_related("organization").filter(alias_key=key).first()
        org = alias.organization if alias else None
    return org


def organization_lookup() -> dict[str, Organization]:
    """name_key → organisation for every name and alias: one query pair for a whole import."""
    lookup = {o.name_key: o for o in Organization.objects.all()}
    for alias in OrganizationAlias.objects.select_related("organization"):
        lookup.setdefault(alias.alias_key, alias.organization)
    return lookup


def registry_names() -> tuple[list[str], dict[str, str]]:
    """Names and alias → name, for the importer's UnitRegistry."""
    names = list(Organization.objects.exclude(kind=OrgKind.PARTNER).values_list("name", flat=True))
    aliases = dict(OrganizationAlias.objects.values_list("alias", "organization__name"))
    return names, aliases


def the_ministry() -> Organization | None:
    return Organization.objects.filter(kind=OrgKind.MINISTRY).order_by("id").first()


def ministry_units(*, active_only: bool = True) -> QuerySet[Organization]:
    qs = Organization.objects.filter(kind=OrgKind.UNIT)
    return qs.filter(is_active=True) if active_only else qs


def expand_to_units(org: Organization) -> list[Organization]:
    """The ministry units an organisation stands for: itself, or a group's members.

    `Các đơn vị liên quan` expands to nothing: the lead unit names them later.
    """
    if org.kind == OrgKind.UNIT:
        return [org]
    if org.kind != OrgKind.GROUP:
        return []
    units = ministry_units()
    rule = org.group_rule
    if rule == GroupRule.ALL_UNITS:
        return list(units)
    if rule == GroupRule.STATE_MANAGEMENT:
        return list(units.filter(is_state_management=True))
    if rule == GroupRule.ART_UNITS:
        return list(units.filter(is_art_unit=True))
    if rule == GroupRule.TRAINING:
        return list(units.filter(is_training=True))
    if rule == GroupRule.EXPLICIT:
        return list(org.members.filter(kind=OrgKind.UNIT, is_active=True))
    return []


def units_for_list(*, search: str = "") -> QuerySet[Organization]:
    qs = Organization.objects.filter(kind__in=[OrgKind.UNIT, OrgKind.GROUP, OrgKind.EXTERNAL, OrgKind.MINISTRY])
    if search:
        qs = qs.filter(search_text__contains=fold(search))
    return qs.order_by("kind", "position", "name")


def partners_for_list(*, search: str = "") -> QuerySet[Organization]:
    qs = Organization.objects.filter(kind=OrgKind.PARTNER).select_related("country")
    if search:
        qs = qs.filter(search_text__contains=fold(search))
    return qs.order_by("name")


_PARENTHESISED = re.compile(r"\(([^)]*)\)")


def country_lookup() -> dict[str, Country]:
    """name_key of every name and alias → country (a few hundred rows, read once per import)."""
    lookup: dict[str, Country] = {}
    for country in Country.objects.all():
        for key in country.keys:
            lookup.setdefault(key, country)
    return lookup


def country_by_name(name: str, lookup: dict[str, Country] | None = None) -> Country | None:
    """A country named outright (`Hàn Quốc`) or in brackets (`Trường ĐH Alma Laurea (Italia)`)."""
    lookup = country_lookup() if lookup is None else lookup
    for candidate in [name, *_PARENTHESISED.findall(name)]:
        country = lookup.get(name_key(candidate))
        if country:
            return country
    return None


def groups_of(unit: Organization) -> list[Organization]:
    """The named groups a unit belongs to, by rule or by explicit membership."""
    if unit.kind != OrgKind.UNIT:
        return []
    rules = []
    if unit.is_active:
        rules.append(GroupRule.ALL_UNITS)
        if unit.is_state_management:
            rules.append(GroupRule.STATE_MANAGEMENT)
        if unit.is_art_unit:
            rules.append(GroupRule.ART_UNITS)
        if unit.is_training:
            rules.append(GroupRule.TRAINING)
    return list(Organization.objects.filter(kind=OrgKind.GROUP).filter(
        Q(group_rule__in=rules) | Q(group_rule=GroupRule.EXPLICIT, members=unit)).distinct())


def current_holder(org: Organization) -> Organization:
    """The unit that now answers for ``org``: itself, or the end of its successor chain (merged units)."""
    seen = {org.pk}
    while org.successor_id and org.successor_id not in seen:
        seen.add(org.successor_id)
        assert org.successor is not None  # successor_id is set
        org = org.successor
    return org


def assignment_gaps(orgs) -> list[str]:
    """What routes a plan's tasks to nobody: groups that expand to no unit, closed units with no successor.
    One line each, saying what to do (publishing a plan lists them)."""
    problems = []
    for org in {o.pk: o for o in orgs if o is not None}.values():
        if org.kind == OrgKind.GROUP and org.group_rule != GroupRule.NAMED_LATER and not expand_to_units(org):
            problems.append(_("Nhóm “%(name)s” chưa có đơn vị thành viên: nhiệm vụ giao cho nhóm sẽ không đến "
                              "đơn vị nào. Hãy bổ sung thành viên.") % {"name": org.name})
        elif org.kind == OrgKind.UNIT and not org.is_active and not org.successor_id:
            problems.append(_("Đơn vị “%(name)s” đã ngừng hoạt động và chưa có đơn vị kế thừa. Hãy khai báo đơn vị "
                              "kế thừa.") % {"name": org.name})
    return sorted(problems)
