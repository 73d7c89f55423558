"""Units named to follow up and urge (``Theo dõi, kiểm tra, đôn đốc``) are kept as their own role: shown on
the plan and task pages, exported, re-imported unchanged, and owing no report."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from kehoach.plans.choices import AssignmentRole
from kehoach.plans.export import plan_to_gold
from kehoach.plans.models import Plan, TaskAssignment

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "imports" / "tests" / "data" / "plans"
PLAN = DATA / "kh-ubnd-phu-yen-cai-cach-hanh-chinh-2026.txt"


@pytest.fixture
def published(registry):
    call_command("import", str(PLAN), "--publish", stdout=io.StringIO())
    return Plan.objects.get()


def _gold_monitoring() -> dict[str, list[str]]:
    gold = json.loads(PLAN.with_suffix(".json").read_text(encoding="utf-8"))
    return {t["ref"]: t["monitoring"] for t in gold["tasks"] if t["monitoring"]}


def test_monitoring_units_are_stored_and_exported_as_written(published):
    expected = _gold_monitoring()
    assert expected  # the plan names units to follow up on some tasks
    stored = {}
    for a in TaskAssignment.objects.filter(task__plan=published, role=AssignmentRole.MONITORING).select_related("task"):
        stored.setdefault(a.task.ref, []).append(a.raw_name)
    assert stored == expected
    exported = {t["ref"]: t["monitoring"] for t in plan_to_gold(published)["tasks"] if t["monitoring"]}
    assert exported == expected


def test_a_unit_that_only_monitors_owes_no_report(published):
    from kehoach.reporting.services import period_open_yearly

    period = period_open_yearly(plan=published, year=2026, actor=None)
    checked = 0
    for a in TaskAssignment.objects.filter(task__plan=published, role=AssignmentRole.MONITORING,
                                           organization__isnull=False):
        other_roles = TaskAssignment.objects.filter(task=a.task, organization=a.organization).exclude(
            role=AssignmentRole.MONITORING)
        if not other_roles.exists():
            assert not period.obligations.filter(task=a.task, unit=a.organization).exists(), a.raw_name
            checked += 1
    assert checked  # at least one unit here only follows up


def test_the_task_and_plan_pages_name_them(published, django_user_model):
    user = django_user_model.objects.create_user(username="c", password="pw-c", role="coordinator")
    client = Client()
    client.force_login(user)
    task = TaskAssignment.objects.filter(task__plan=published, role=AssignmentRole.MONITORING).first().task
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Đơn vị theo dõi, đôn đốc" in page and task.monitoring_names[0] in page
    plan_page = client.get(published.get_absolute_url()).content.decode()
    assert "Theo dõi, đôn đốc:" in plan_page
