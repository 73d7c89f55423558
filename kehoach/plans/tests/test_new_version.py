"""plan_new_version: only who may make versions, all in one transaction (built from a small hand-made plan)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from conftest import UNIT_A, UNIT_B
from kehoach.core.models import AuditEntry
from kehoach.plans.choices import VersionSource
from kehoach.plans.models import PlanVersion
from kehoach.plans.selectors import current_tasks
from kehoach.plans.services import plan_create_from_parsed, plan_new_version, plan_publish, task_rows

PARSED = {
    "document": {"kind": "plan", "title": "Kế hoạch thử phiên bản"},
    "tasks": [
        {"ref": "1", "title": "Tổ chức hội thảo quốc tế", "lead": [UNIT_A], "coordinating": [UNIT_B],
         "timeframe": {"raw": "Năm 2026"}},
        {"ref": "2", "title": "Xuất bản kỷ yếu", "lead": [UNIT_B], "coordinating": [],
         "timeframe": {"raw": "Quý IV/2026"}},
    ],
}


@pytest.fixture
def plan(personas):
    draft = plan_create_from_parsed(parsed=PARSED, actor=personas.coordinator, source_name="thu.txt")
    return plan_publish(plan=draft, actor=personas.coordinator, create_unknown=True)


def _next_rows(plan):
    tasks = list(current_tasks(plan))
    return task_rows(tasks[:1]), [tasks[0].lineage]


@pytest.mark.parametrize("who", ["focal_a", "head_a", "finance", "viewer"])
def test_a_unit_finance_or_viewer_cannot_make_a_version(plan, personas, who):
    rows, lineages = _next_rows(plan)
    with pytest.raises(PermissionDenied):
        plan_new_version(plan=plan, rows=rows, lineages=lineages, actor=getattr(personas, who),
                         source=VersionSource.AMENDMENT)
    plan.refresh_from_db()
    assert plan.versions.count() == 1 and current_tasks(plan).count() == 2


@pytest.mark.parametrize("who", ["coordinator", "leader"])
def test_the_coordinator_and_leadership_make_the_next_version(plan, personas, who):
    rows, lineages = _next_rows(plan)
    version = plan_new_version(plan=plan, rows=rows, lineages=lineages, actor=getattr(personas, who),
                               source=VersionSource.AMENDMENT, note="bỏ nhiệm vụ 2")
    plan.refresh_from_db()
    assert plan.current_version == version and version.number == 2
    assert [t.title for t in current_tasks(plan)] == ["Tổ chức hội thảo quốc tế"]
    assert AuditEntry.objects.filter(action="plan.new_version", object_id=str(plan.pk)).exists()


def test_a_failure_part_way_leaves_no_half_version(plan, personas):
    rows, lineages = _next_rows(plan)
    with pytest.raises(IntegrityError):
        # Two rows claiming one task: the version row is written first, then the task insert fails.
        plan_new_version(plan=plan, rows=rows + rows, lineages=lineages + lineages, actor=personas.coordinator,
                         source=VersionSource.AMENDMENT)
    assert PlanVersion.objects.filter(plan=plan).count() == 1
