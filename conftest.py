"""Shared test fixtures: the registry, the personas every permission test uses, and plans built from gold."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

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
# The registry (50 organisations, their aliases and audit entries, 92 countries) is what 600 tests start from,
# and 400 publish the 29-task plan on top; through the services that costs ~0.35 s of CPU a test. The first
# build in a worker runs the real services and records the rows they added; a later test that starts from the
# same database state (same row count and highest id in every table, same local day) gets those rows back with
# one bulk insert per table. A build that changed rows it did not add, or stored files, is never replayed; any
# other starting state (a transactional test flushed the tables, a fixture wrote rows first) builds again.


def _tables():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def _state() -> tuple:
    """(table, row count, highest key) of every table, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {n}, COUNT(*), MAX(CAST({quote(m._meta.pk.column)} AS TEXT)) FROM {quote(m._meta.db_table)}"
        for n, m in enumerate(tables))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(sorted((tables[n]._meta.label, count, top) for n, count, top in cursor.fetchall()))


def _keys(model) -> set:
    return set(model._base_manager.values_list("pk", flat=True))


WRITE = re.compile(r'^\s*(?:UPDATE\s+"?(\w+)"?|DELETE\s+FROM\s+"?(\w+)"?)', re.I)


def _changed_tables(build):
    """Run ``build()``; return its result and the tables it sent UPDATE or DELETE statements to."""
    touched: set[str] = set()

    def watch(execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match:
            touched.add(match.group(1) or match.group(2))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        result = build()
    return result, touched


def _rows(model, keys=None) -> list[dict]:
    rows = model._base_manager.order_by("pk")
    return list((rows.filter(pk__in=keys) if keys is not None else rows).values())


def _settings_digest() -> int:
    """The settings a build may read (all but the per-test MEDIA_ROOT), as one number."""
    from django.conf import settings

    return hash(tuple((name, repr(getattr(settings, name))) for name in sorted(dir(settings))
                      if name.isupper() and name != "MEDIA_ROOT"))


_NOW = timezone.now
_SNAPSHOTS: dict[tuple, tuple[list[tuple[type, list[dict]]], tuple[type, object] | None]] = {}


def built_once(key: tuple, build):
    """``build()``'s result (None or a model instance), or the same rows put back in bulk when it ran from this
    same state before."""
    from django.db.models import FileField

    if timezone.now is not _NOW or not connection.in_atomic_block:
        return build()  # a test that stopped the clock (its rows carry its own times), or that commits
    before = _state()
    snapshot_key = (key, timezone.localdate(), _settings_digest(), before)
    if snapshot_key in _SNAPSHOTS:
        rows, result = _SNAPSHOTS[snapshot_key]
        for model, values in rows:
            model._base_manager.bulk_create([model(**v) for v in values])
        if connection.vendor != "sqlite":  # explicit ids do not move PostgreSQL's sequences
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _v in rows]):
                    cursor.execute(sql)
        return result[0]._base_manager.get(pk=result[1]) if result else None
    counts = {label: (count, top) for label, count, top in before}
    keys = {m: _keys(m) for m in _tables()}
    # A dry run in a savepoint finds the tables the build updates or deletes in; their old rows must not change.
    outbox = list(getattr(mail, "outbox", []))
    savepoint = transaction.savepoint()
    _result, touched = _changed_tables(build)
    transaction.savepoint_rollback(savepoint)
    if hasattr(mail, "outbox"):
        mail.outbox[:] = outbox
    old = {m: _rows(m) for m in _tables() if m._meta.db_table in touched}
    callbacks = len(connection.run_on_commit)
    result, _touched = _changed_tables(build)
    if any(_rows(m, keys[m]) != rows for m, rows in old.items()) or len(connection.run_on_commit) != callbacks \
            or list(getattr(mail, "outbox", [])) != outbox:
        return result  # it changed rows it did not add, sent mail or left work for the commit: build it each time
    after = {label: (count, top) for label, count, top in _state()}
    written = []
    for model in _tables():
        if after[model._meta.label] == counts[model._meta.label]:
            continue
        now = _keys(model)
        if not keys[model] <= now:
            return result  # rows went away: not something to replay
        fields = [f.attname for f in model._meta.concrete_fields]
        values = list(model._base_manager.filter(pk__in=now - keys[model]).order_by("pk").values(*fields))
        if any(v[f.attname] for v in values for f in model._meta.concrete_fields if isinstance(f, FileField)):
            return result  # files were stored
        written.append((model, values))
    _SNAPSHOTS[snapshot_key] = (written, (type(result), result.pk) if result is not None else None)
    return result


@pytest.fixture
def registry(db):
    from kehoach.organizations.services import countries_load, registry_load

    def load():
        registry_load()
        countries_load()

    built_once(("registry",), load)


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

    def create(name, publish, parsed):
        plan = plan_create_from_parsed(parsed=parsed or gold(name), actor=None, source_name=f"{name}.txt")
        if publish:
            plan = plan_publish(plan=plan, actor=None, create_unknown=True)
        return plan

    def build(name: str = "000", *, publish: bool = True, parsed: dict | None = None):
        if parsed is not None:  # a structure made or changed by the test
            return create(name, publish, parsed)
        return built_once(("plan", name, publish), lambda: create(name, publish, None))

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



# -- order: the longest tests first, so that two xdist workers (`--dist worksteal`) finish together ----------

# Seconds per file in a full `pytest -n 2 --durations=30` on a busy 2-core machine (rough is enough).
LONGEST = {
    "kehoach/reporting/tests/test_crash.py": 200,
    "kehoach/site/tests/test_a11y_crawl.py": 185,
    "kehoach/core/tests/test_backup.py": 160,
    "kehoach/imports/tests/test_parsing_rejects.py": 80,
    "kehoach/site/tests/test_schemathesis.py": 65,
    "kehoach/imports/tests/test_cli.py": 62,
    "kehoach/core/tests/test_jobs_killed.py": 56,
    "kehoach/imports/tests/test_parsing_limits.py": 55,
    "kehoach/site/tests/test_languages.py": 46,
    "kehoach/core/tests/test_serve.py": 40,
    "kehoach/site/tests/test_visibility_matrix.py": 36,
}


def pytest_collection_modifyitems(config, items):
    """The files known to be longest first (longest at the head), then the other slow, browser and render
    tests, then the rest, each group in collection order. A worker that runs out steals from the other's tail,
    so the long tests must be started early; the order is the same in every worker, as xdist requires."""
    def weight(item) -> tuple[int, int]:
        path = item.nodeid.split("::")[0]
        if path in LONGEST:
            return (0, -LONGEST[path])
        heavy = any(item.get_closest_marker(m) for m in ("slow", "browser", "render"))
        return (1 if heavy else 2, 0)

    items[:] = sorted(items, key=weight)  # sorted() is stable: collection order within each group
