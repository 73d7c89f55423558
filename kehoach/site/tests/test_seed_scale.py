"""`kehoach seed-scale` writes the rows the services would write, the same rows for the same seed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kehoach.core.text import fold, name_key
from kehoach.organizations.models import Organization
from kehoach.plans.models import Plan, Task
from kehoach.reporting.models import (
    CoordinatorInput,
    Obligation,
    ReportingPeriod,
    TaskPeriodProgress,
    TaskReportEntry,
    UnitReport,
)
from kehoach.reporting.services import _desired_obligations
from kehoach.reporting.services.progress import progress_recompute
from kehoach.site.seed_scale import Shape, seed

SMALL = Shape(plans=4, tasks_per_plan=12, units=80, periods=2, big_plan_tasks=90, partners=20, seed=7)


@pytest.fixture
def seeded(db):
    return seed(SMALL, stream=io.StringIO())


def test_the_shape_asked_for_is_there(seeded):
    assert Plan.objects.count() == SMALL.plans + 1
    assert Organization.objects.filter(kind="unit").count() == SMALL.units
    current = Task.objects.filter(is_current=True)
    assert current.count() == SMALL.total_tasks
    big = Plan.objects.get(title__contains=f"{SMALL.big_plan_tasks} nhiệm vụ")
    assert current.filter(plan=big).count() == SMALL.big_plan_tasks
    # Reports in every state, some periods open, some closed.
    assert set(UnitReport.objects.values_list("state", flat=True)) == {
        "draft", "approved", "submitted", "accepted", "returned"}
    assert set(ReportingPeriod.objects.values_list("state", flat=True)) == {"open", "closed"}


def test_rows_keep_the_services_invariants(seeded):
    for org in Organization.objects.all():
        assert org.name_key == name_key(org.name)
    for task in Task.objects.prefetch_related("assignments", "partner_links")[:200]:
        expected = Task(**{f: getattr(task, f) for f in ("ref", "group", "title", "product_text", "timeframe_raw",
                                                         "funding", "note")})
        links = list(task.assignments.all())  # as the importer passes them: lead, coordinating, partners
        expected.refresh_search_text([a.raw_name for a in links if a.role == "lead"]
                                     + [a.raw_name for a in links if a.role == "coordinating"]
                                     + [p.raw_name for p in task.partner_links.all()])
        assert task.search_text == expected.search_text
        assert task.search_text == fold(task.search_text)
    # is_current is exactly "in the plan's current version".
    for plan in Plan.objects.all():
        assert set(plan.tasks.filter(is_current=True).values_list("version_id", flat=True)) <= {plan.current_version_id}
        assert not plan.tasks.filter(version_id=plan.current_version_id, is_current=False).exists()


def test_obligations_and_entries_are_what_the_reporting_services_derive(seeded):
    for period in ReportingPeriod.objects.select_related("plan").order_by("id")[:6]:
        stored = set(Obligation.objects.filter(period=period).values_list("unit_id", "task_id", "role"))
        assert stored == _desired_obligations(period)
        leads = {(u, t) for u, t, r in stored if r == "lead"}
        entries = set(TaskReportEntry.objects.filter(report__period=period)
                      .values_list("report__unit_id", "task_id"))
        assert entries == leads
        assert set(period.reports.values_list("unit_id", flat=True)) == {u for u, _t in leads}


def test_roll_ups_and_task_progress_are_what_the_progress_service_derives(seeded):
    fields = ("lineage", "task_id", "units_total", "completed", "in_progress", "not_started", "late", "adjustment",
              "not_reported", "status", "percent")
    periods = list(ReportingPeriod.objects.select_related("plan").order_by("plan_id", "deadline", "id"))
    seeded_rows = {p.pk: set(TaskPeriodProgress.objects.filter(period=p).values_list(*fields)) for p in periods}
    assert sum(len(rows) for rows in seeded_rows.values()) > SMALL.total_tasks  # a row per task and period
    assert any(units > 1 for rows in seeded_rows.values() for _l, _t, units, *_ in rows)  # shared tasks
    progress = set(Task.objects.filter(is_current=True).values_list("id", "progress", "progress_percent"))
    assert len({p for _i, p, _pc in progress}) >= 3
    for period in periods:  # in order, as the year went: each acceptance recomputed its period
        progress_recompute(period)
        assert set(TaskPeriodProgress.objects.filter(period=period).values_list(*fields)) == seeded_rows[period.pk]
    assert set(Task.objects.filter(is_current=True).values_list("id", "progress", "progress_percent")) == progress
    assert CoordinatorInput.objects.exists()
    coordinating = set(Obligation.objects.filter(role="coordinating").values_list("period_id", "unit_id", "task_id"))
    assert set(CoordinatorInput.objects.values_list("period_id", "unit_id", "task_id")) <= coordinating


def test_a_seed_gives_the_same_rows_and_another_seed_others(db):
    from dataclasses import replace

    from django.db import transaction

    def run(shape):
        with transaction.atomic():
            seed(shape, stream=io.StringIO())
            # By natural keys, not ids: PostgreSQL's sequences do not roll back, so the registry's ids move.
            rows = list(Task.objects.order_by("plan__number", "version__number", "position").values_list(
                "plan__number", "version__number", "position", "title", "timeframe_raw", "lineage", "progress"))
            rows += list(UnitReport.objects.order_by("period__plan__number", "period__year", "unit__name")
                         .values_list("period__plan__number", "period__year", "unit__name", "state", "version"))
            transaction.set_rollback(True)
        return rows

    first = run(SMALL)
    assert first and first == run(SMALL)
    assert run(replace(SMALL, seed=8)) != first


def test_the_command_prints_sizes_and_accounts(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_scale", plans=2, tasks_per_plan=5, units=45, periods=1, partners=5, stdout=out, stderr=err)
    text = out.getvalue()
    assert "plans.Task" in text and "scale_htqt" in text
    assert "plans" in err.getvalue()  # the progress bar
