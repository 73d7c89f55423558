"""Loading the organisation registry: into an empty database (one insert per table) and over an existing one
(one upsert per body) give the same registry and the same audit trail; loading twice changes nothing."""

from __future__ import annotations

import pytest
from django.db import transaction

from kehoach.core.models import AuditEntry
from kehoach.organizations.models import Country, Organization
from kehoach.organizations.services import countries_load, registry_load

pytestmark = pytest.mark.django_db


def _registry() -> dict:
    """Every body the registry file names, as a user of the unit pages would see it."""
    bodies = {}
    for org in Organization.objects.exclude(kind="partner").prefetch_related("aliases", "members"):
        bodies[org.name] = {
            "kind": org.kind, "short_name": org.short_name, "code": org.document_code, "type": org.unit_type,
            "parent": org.parent.name if org.parent_id else None, "position": org.position,
            "rule": org.group_rule, "active": org.is_active, "review": org.needs_review,
            "state": org.is_state_management, "art": org.is_art_unit, "training": org.is_training,
            "place": org.place, "search": org.search_text,
            "aliases": sorted(a.alias for a in org.aliases.all()),
            "members": sorted(m.name for m in org.members.all()),
            "audit": list(AuditEntry.objects.filter(object_id=str(org.pk), content_type__model="organization")
                          .values_list("action", "actor_name", "after__name")),
        }
    return bodies


def _countries() -> list[tuple]:
    return list(Country.objects.order_by("code").values_list("code", "name_vi", "name_en", "name_key", "aliases"))


def test_an_empty_database_gets_the_same_registry_as_one_upsert_each():
    with transaction.atomic():
        counts = registry_load()
        countries_load()
        bulk, bulk_countries = _registry(), _countries()
        transaction.set_rollback(True)
    assert Organization.objects.count() == 0
    # A database that already has a body (a partner an import created) takes the one-by-one path.
    Organization.objects.create(name="Tổ chức Y tế Thế giới", kind="partner")
    Country.objects.create(code="ZZ", name_vi="Nước thử", name_en="Test land")
    assert registry_load() == counts
    countries_load()
    assert counts["units"] > 30 and counts["groups"] > 0
    assert len(bulk) == 1 + sum(counts.values())
    assert _registry() == bulk
    assert [c for c in _countries() if c[0] != "ZZ"] == bulk_countries
    ministry = Organization.objects.get(kind="ministry")
    assert all(b["parent"] == ministry.name for b in bulk.values() if b["kind"] in ("unit", "group"))
    assert any(b["members"] for b in bulk.values()), "explicit groups list their members"


def test_loading_twice_changes_nothing():
    registry_load()
    countries_load()
    before, entries = _registry(), AuditEntry.objects.count()
    registry_load()
    countries_load()
    assert _registry() == before
    assert AuditEntry.objects.count() == entries
