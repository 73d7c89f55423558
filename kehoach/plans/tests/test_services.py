import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import gold
from kehoach.core.models import AuditEntry
from kehoach.plans.choices import PlanStatus
from kehoach.plans.models import Plan, Task
from kehoach.plans.selectors import current_tasks, draft_diff_against_published
from kehoach.plans.services import (
    plan_archive,
    plan_create_from_parsed,
    plan_map_name,
    plan_publish,
    task_correct,
    unresolved_names,
)


def test_a_draft_keeps_unknown_names_until_someone_maps_or_creates_them(personas):
    parsed = copy.deepcopy(gold("000"))
    parsed["tasks"][0]["lead"] = ["Cục Văn hoá các dân tộc"]  # not in the registry
    plan = plan_create_from_parsed(parsed=parsed, actor=personas.coordinator)
    assert plan.status == PlanStatus.DRAFT
    assert "Cục Văn hóa các dân tộc" in unresolved_names(plan)  # stored with one tone placement
    with pytest.raises(ValidationError, match="chưa xác định"):
        plan_publish(plan=plan, actor=personas.coordinator)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT  # nothing half-done
    plan_map_name(plan=plan, raw_name="Cục Văn hoá các dân tộc", organization=personas.unit_a,
                  actor=personas.coordinator)
    remaining = unresolved_names(plan)
    plan = plan_publish(plan=plan, actor=personas.coordinator, create_unknown=True)
    assert plan.status == PlanStatus.PUBLISHED
    first = current_tasks(plan).first()
    assert [a.organization for a in first.assignments.all() if a.role == "lead"] == [personas.unit_a]
    assert not unresolved_names(plan)
    assert len(remaining) == 2  # the two external groups the registry does not know
    assert AuditEntry.objects.filter(action="plan.publish", object_id=str(plan.pk)).exists()


def test_only_the_coordinator_imports_and_publishes(personas):
    for user in (personas.focal_a, personas.head_a, personas.leader, personas.viewer, personas.finance):
        with pytest.raises(PermissionDenied):
            plan_create_from_parsed(parsed=gold("000"), actor=user)
    assert Plan.objects.count() == 0


def test_archiving_keeps_the_plan_and_its_tasks(make_plan, personas):
    plan = make_plan()
    plan_archive(plan=plan, actor=personas.coordinator)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ARCHIVED and plan.tasks.count() == 29
    with pytest.raises(PermissionDenied):
        plan_archive(plan=plan, actor=personas.focal_a)


def test_reimporting_a_newer_text_becomes_version_2_with_the_changes(make_plan, personas):
    plan = make_plan()
    newer = copy.deepcopy(gold("000"))
    newer["tasks"][5]["timeframe"] = {"raw": "2026", "kind": "year", "start": "2026-01-01", "end": "2026-12-31"}
    dropped = newer["tasks"].pop(7)
    newer["tasks"].append({**newer["tasks"][0], "ref": "30", "title": "Nhiệm vụ mới bổ sung về hợp tác số"})
    draft = plan_create_from_parsed(parsed=newer, actor=personas.coordinator, replaces=plan)
    changes = {c.kind: c for c in draft_diff_against_published(draft)}
    assert set(changes) == {"changed", "removed", "added"}
    assert changes["removed"].old.title == dropped["title"]
    published = plan_publish(plan=draft, actor=personas.coordinator, create_unknown=True)
    assert published.pk == plan.pk
    plan.refresh_from_db()
    assert plan.current_version.number == 2
    assert current_tasks(plan).count() == 29
    old_row = Task.objects.get(version__plan=plan, version__number=1, ref="6")
    new_row = Task.objects.get(version__plan=plan, version__number=2, ref="6")
    assert old_row.lineage == new_row.lineage and old_row.timeframe_raw == "2025" and new_row.timeframe_raw == "2026"


def test_correcting_a_draft_row_reparses_its_timeframe_and_is_audited(personas):
    plan = plan_create_from_parsed(parsed=gold("000"), actor=personas.coordinator)
    task = current_tasks(plan).first()
    task_correct(task=task, actor=personas.coordinator,
                 data={"title": "Tên đã sửa", "timeframe_raw": "Quý III/2026", "lead": "Cục Điện ảnh\nCục Báo chí"})
    task.refresh_from_db()
    assert task.title == "Tên đã sửa"
    assert (task.timeframe_kind, str(task.timeframe_start), str(task.timeframe_end)) == (
        "quarter", "2026-07-01", "2026-09-30")
    assert [a.raw_name for a in task.assignments.filter(role="lead")] == ["Cục Điện ảnh", "Cục Báo chí"]
    entry = AuditEntry.objects.get(action="task.correct")
    assert entry.before["title"] != entry.after["title"]
