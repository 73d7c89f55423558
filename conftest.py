"""Shared test fixtures: the registry, the personas every permission test uses, and plans built from gold."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

REPO = Path(__file__).resolve().parent
SEEDS = REPO / "kehoach" / "imports" / "seeds"
# The seed plans' structures as read by hand, carried by the repository (tests never read ../shared).
GOLD_DIR = REPO / "kehoach" / "imports" / "tests" / "data" / "seeds"
GOLD_NAMES = {"000": "ke-hoach-hoi-nhap-quoc-te-2025-2030", "001": "ke-hoach-hop-tac-cong-nghe-2021-2025"}

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached fragments and filter options are keyed by ids, which test databases reuse."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in Vietnamese, whatever language an earlier test in this worker switched to."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


# -- rows built once per worker, restored in bulk --------------------------------------------------------------
#
# The registry (50 organisations, their aliases and audit entries, 92 countries) is what 600 tests start from;
# loading it through the services costs ~0.3 s of CPU a test. The first load in a worker runs the real services
# and records the rows it wrote; later tests that start from the same database state (same row count and
# highest id in every table) get those rows back with one bulk insert per table. Any other starting state
# (a transactional test flushed the tables, a fixture wrote rows first) loads through the services again.


def _tables():
    return [m for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and m._meta.pk.get_internal_type() in (
                "AutoField", "BigAutoField", "SmallAutoField")]


def _state() -> tuple:
    """(table, row count, highest id) of every table with integer ids, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT {n}, COUNT(*), MAX({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)}"
                             for n, m in enumerate(tables))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(sorted((tables[n]._meta.label, count, top or 0) for n, count, top in cursor.fetchall()))


_SNAPSHOTS: dict[tuple, list[tuple[type, list[dict]]]] = {}


def built_once(key: str, build, *, empty: tuple[str, ...] = ()) -> None:
    """Run ``build()``, or put back in bulk the rows it wrote when it ran from this same state before. Only
    a build that adds rows is replayed: the tables named in ``empty`` must be empty before it (so nothing
    was there to update)."""
    before = _state()
    rows = _SNAPSHOTS.get((key, before))
    if rows is not None:
        for model, values in rows:
            model._base_manager.bulk_create([model(**v) for v in values])
        if connection.vendor != "sqlite":  # explicit ids do not move PostgreSQL's sequences
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _v in rows]):
                    cursor.execute(sql)
        return
    build()
    if any(count for label, count, _top in before if label in empty):
        return
    after = dict(((label, (count, top)) for label, count, top in _state()))
    written = []
    for model in _tables():
        label = model._meta.label
        old = next(((c, t) for lb, c, t in before if lb == label), (0, 0))
        if after[label] == old:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        values = list(model._base_manager.filter(pk__gt=old[1]).order_by("pk").values(*fields))
        if after[label][0] - old[0] != len(values):
            return  # rows changed or went away, not only added: not something to replay
        written.append((model, values))
    _SNAPSHOTS[(key, before)] = written


@pytest.fixture
def registry(db):
    from kehoach.organizations.services import countries_load, registry_load

    def load():
        registry_load()
        countries_load()

    built_once("registry", load, empty=("organizations.Organization", "organizations.OrganizationAlias",
                                        "organizations.Country"))


def _unit(name: str):
    from kehoach.core.text import name_key
    from kehoach.organizations.models import Organization

    return Organization.objects.get(name_key=name_key(name))


UNIT_A = "Cục Di sản văn hóa"
UNIT_B = "Cục Điện ảnh"


@pytest.fixture
def personas(registry, django_user_model):
    """A focal point and head of unit A, a focal point of unit B, coordinator, finance, leadership, viewer."""
    unit_a, unit_b = _unit(UNIT_A), _unit(UNIT_B)
    coordinator_unit, finance_unit = _unit("Cục Hợp tác quốc tế"), _unit("Vụ Kế hoạch, Tài chính")

    def make(username, role, unit=None):
        user = django_user_model.objects.create_user(username=username, password="pw-" + username, role=role,
                                                     unit=unit, email=f"{username}@example.gov.vn",
                                                     first_name=username.title())
        return user

    return type("Personas", (), {
        "unit_a": unit_a, "unit_b": unit_b,
        "focal_a": make("focal_a", "focal_point", unit_a),
        "head_a": make("head_a", "unit_head", unit_a),
        "focal_b": make("focal_b", "focal_point", unit_b),
        "head_b": make("head_b", "unit_head", unit_b),
        "coordinator": make("coordinator", "coordinator", coordinator_unit),
        "finance": make("finance", "finance", finance_unit),
        "leader": make("leader", "leadership"),
        "viewer": make("viewer", "viewer"),
    })()


def gold(name: str) -> dict:
    """A hand-checked plan structure (the seeds'), used to build plans without running the importer."""
    path = GOLD_DIR / f"{GOLD_NAMES.get(name, name)}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def make_plan(registry):
    """Publish a plan from a gold structure (default: the 29-task decision) through the real services."""
    from kehoach.plans.services import plan_create_from_parsed, plan_publish

    def build(name: str = "000", *, publish: bool = True, parsed: dict | None = None):
        plan = plan_create_from_parsed(parsed=parsed or gold(name), actor=None, source_name=f"{name}.txt")
        if publish:
            plan = plan_publish(plan=plan, actor=None, create_unknown=True)
        return plan

    return build


# In CI the tools are installed, so a test that skips for a missing tool or missing shared data has not run:
# there, such a skip is a failure. On a user's machine it stays a skip with its reason.
STRICT_SKIP_MARKERS = ("not installed", "shared gold", "shared seeds", "shared/gold")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or not os.environ.get("KEHOACH_REQUIRE_TOOLS"):
        return
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr)
    if any(marker in reason for marker in STRICT_SKIP_MARKERS):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where it must run: {reason}"


@pytest.fixture
def installation(tmp_path):
    """A fresh kehoach installation for subprocesses (own KEHOACH_HOME; own database on PostgreSQL)."""
    from kehoach.core.testing import make_installation

    inst, cleanup = make_installation(tmp_path / "home")
    try:
        yield inst
    finally:
        cleanup()
