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


@pytest.fixture
def registry(db):
    from kehoach.organizations.services import countries_load, registry_load

    registry_load()
    countries_load()


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
    import time as _time

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item, nextitem):
        began = _time.time()
        yield
        with open(_TIMELINE, "a") as out:
            out.write(f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}\t{began:.3f}\t{_time.time():.3f}\t{item.nodeid}\n")


def pytest_xdist_auto_num_workers(config):
    """One worker more than cores: a third of the time a worker waits on a browser, a server or LibreOffice."""
    return (os.cpu_count() or 1) + 1
