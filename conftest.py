"""Shared test fixtures: the registry, the personas every permission test uses, and plans built from gold."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# The rule book's ``rule_world`` fixture, for every app's tests/test_rules.py.
pytest_plugins = ["kehoach.core.tests.rulebook"]

REPO = Path(__file__).resolve().parent
SEEDS = REPO / "kehoach" / "imports" / "seeds"
# The seed plans' structures as read by hand, carried by the repository (tests never read ../shared).
GOLD_DIR = REPO / "kehoach" / "imports" / "tests" / "data" / "seeds"
GOLD_NAMES = {"000": "ke-hoach-hoi-nhap-quoc-te-2025-2030", "001": "ke-hoach-hop-tac-cong-nghe-2021-2025"}

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """pytest-django's own (a database per xdist worker), and on SQLite each worker's database copied from one
    migrated template instead of running the ~90 migrations again (10 s of CPU per worker)."""
    _copy_sqlite_test_databases_from_a_template()


def _schema_fingerprint() -> str:
    """What the migrated schema depends on: Django's and SQLite's versions, every migration file and what our
    data migrations import (the models and the text helpers)."""
    import hashlib
    import importlib
    import sqlite3

    import django
    from django.apps import apps

    digest = hashlib.sha256(f"{django.__version__} {sqlite3.sqlite_version}".encode())
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        try:
            module = importlib.import_module(f"{app.name}.migrations")
        except ImportError:
            digest.update(f"{app.label}: none\n".encode())
            continue
        for path in sorted(Path(module.__file__).parent.glob("*.py")):
            digest.update(f"{app.label}/{path.name}\n".encode() + path.read_bytes())
    for path in sorted((REPO / "kehoach").glob("*/models.py")) + [REPO / "kehoach" / "core" / "text.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _copy_sqlite_test_databases_from_a_template() -> None:
    """Wrap SQLite's ``create_test_db`` so that its ``migrate`` restores a template (SQLite's backup API) when
    one exists for this schema, and otherwise migrates and saves the template; a file lock makes the other
    workers wait for the first instead of all migrating at once."""
    import fcntl
    import sqlite3
    import tempfile

    import django.core.management as management
    from django.db import connections
    from django.db.backends.sqlite3.creation import DatabaseCreation

    if connections["default"].vendor != "sqlite" or getattr(DatabaseCreation, "_kehoach_template", False):
        return
    template = Path(tempfile.gettempdir()) / "kehoach-test-db" / f"{_schema_fingerprint()}.sqlite3"
    original = DatabaseCreation.create_test_db

    def migrate_or_restore(connection, migrate) -> None:
        template.parent.mkdir(exist_ok=True)
        with open(template.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            connection.ensure_connection()
            if template.exists():
                source = sqlite3.connect(template)
                source.backup(connection.connection)
                source.close()
                return
            migrate()
            partial = template.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            copy = sqlite3.connect(partial)
            connection.connection.backup(copy)
            copy.close()
            partial.replace(template)

    def create_test_db(self, *args, **kwargs):
        real_call_command = management.call_command

        def call_command(name, *a, **kw):
            if name != "migrate":
                return real_call_command(name, *a, **kw)
            return migrate_or_restore(self.connection, lambda: real_call_command(name, *a, **kw))

        management.call_command = call_command  # create_test_db imports it when it runs
        try:
            return original(self, *args, **kwargs)
        finally:
            management.call_command = real_call_command

    DatabaseCreation.create_test_db = create_test_db
    DatabaseCreation._kehoach_template = True


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached fragments and filter options are keyed by ids, which test databases reuse."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def cached(settings):
    """A real per-process cache (tests otherwise run with the dummy one): for what pages keep between views."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "kept-in-tests"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in Vietnamese, whatever language an earlier test in this worker switched to."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


def load_registry() -> None:
    """The ministry's organisation registry and the countries, as every installation has them."""
    from kehoach.organizations.services import countries_load, registry_load

    registry_load()
    countries_load()


@pytest.fixture
def registry(db):
    load_registry()


def _unit(name: str):
    from kehoach.core.text import name_key
    from kehoach.organizations.models import Organization

    return Organization.objects.get(name_key=name_key(name))


UNIT_A = "Cục Di sản văn hóa"
UNIT_B = "Cục Điện ảnh"


@pytest.fixture
def personas(registry, django_user_model):
    """A focal point and head of unit A, a focal point of unit B, coordinator, finance, leadership, viewer."""
    return build_personas(django_user_model)


def build_personas(django_user_model):
    """The personas, on a database that holds the registry."""
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


def build_plan(name: str = "000", *, publish: bool = True, parsed: dict | None = None):
    """Publish a plan from a gold structure (default: the 29-task decision) through the real services."""
    from kehoach.plans.services import plan_create_from_parsed, plan_publish

    plan = plan_create_from_parsed(parsed=parsed or gold(name), actor=None, source_name=f"{name}.txt")
    if publish:
        plan = plan_publish(plan=plan, actor=None, create_unknown=True)
    return plan


@pytest.fixture
def make_plan(registry):
    """``build_plan``, on a test database with the registry."""
    return build_plan


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


@pytest.fixture(scope="session")
def _installation_templates(tmp_path_factory, worker_id):
    """Migrated and demo-filled installations, built once (see ``Installation.prepare``)."""
    from kehoach.core.testing import InstallationTemplates

    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # shared by the xdist workers of this run
    templates = InstallationTemplates(root / "installation-templates", worker_id)
    yield templates
    templates.close()


@pytest.fixture
def installation(tmp_path, _installation_templates):
    """A fresh kehoach installation for subprocesses (own KEHOACH_HOME; own database on PostgreSQL);
    ``installation.prepare("migrated" | "demo")`` fills it."""
    from kehoach.core.testing import make_installation

    inst, cleanup = make_installation(tmp_path / "home", _installation_templates)
    try:
        yield inst
    finally:
        cleanup()


# KEHOACH_TEST_TIMELINE=FILE: each test's worker, start and end appended to FILE, to see where the workers wait.
_TIMELINE = os.environ.get("KEHOACH_TEST_TIMELINE")
if _TIMELINE:
    import resource as _resource
    import time as _time

    def _cpu(who) -> float:
        usage = _resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item, nextitem):
        """Also the CPU seconds the test used: its worker's, and its finished subprocesses' (browser, server)."""
        began, own, children = _time.time(), _cpu(_resource.RUSAGE_SELF), _cpu(_resource.RUSAGE_CHILDREN)
        yield
        own, children = _cpu(_resource.RUSAGE_SELF) - own, _cpu(_resource.RUSAGE_CHILDREN) - children
        with open(_TIMELINE, "a") as out:
            out.write(f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}\t{began:.3f}\t{_time.time():.3f}\t"
                      f"{item.nodeid}\t{own:.2f}\t{children:.2f}\n")


def _database_use(item) -> str:
    """"transactional", "db" or "none", as pytest-django orders the tests (its own reading of the mark)."""
    from pytest_django.plugin import validate_django_db

    marker, fixtures = item.get_closest_marker("django_db"), getattr(item, "fixturenames", [])
    transaction, reset_sequences, *_ = validate_django_db(marker) if marker else (False, False)
    if transaction or reset_sequences or "transactional_db" in fixtures or "live_server" in fixtures:
        return "transactional"
    return "db" if marker or "db" in fixtures else "none"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (database tests, then transactional ones, then the rest), the long tests
    that need no test database go first and each group starts with its long tests, so that no worker is
    still in a 100-second test while the others have finished (the tail was 2 minutes). Transactional tests
    still come after every plain database test (they flush the tables data migrations fill)."""
    rank = {("none", True): 0, ("db", True): 1, ("db", False): 2, ("transactional", True): 3,
            ("transactional", False): 4, ("none", False): 5}
    items.sort(key=lambda item: rank[(_database_use(item), item.get_closest_marker("slow") is not None)])


def pytest_xdist_auto_num_workers(config):
    """One worker more than cores: a third of the time a worker waits on a browser, a server or LibreOffice."""
    return (os.cpu_count() or 1) + 1
