"""How long the consolidated report takes for a large plan (500 tasks, 200 lead units), from the database:
the period's reports and the tasks read (spec) and the DOCX written (render), in a throw-away transaction."""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kehoach.organizations.services import registry_load
from kehoach.plans.models import Task, TaskAssignment
from kehoach.plans.services import plan_create_from_parsed, plan_publish
from kehoach.reporting.models import Obligation, ReportingPeriod, TaskReportEntry, UnitReport

from .render import consolidated_report
from .selectors import consolidated_spec, period_inputs

PROGRESS = ["completed", "in_progress", "not_started", "late", "in_progress", "completed", "adjustment"]


def consolidated(n_tasks: int = 500, n_units: int = 200, repeat: int = 3) -> dict:
    units = [f"Đơn vị thử số {i:03d}, Khối văn hóa" for i in range(1, n_units + 1)]
    rows = [{"group": f"{'I' * (1 + i % 3)}. Nhóm nhiệm vụ {1 + i % 3}", "ref": str(i),
             "title": f"Nhiệm vụ thử số {i} về hợp tác quốc tế trong lĩnh vực văn hóa, thể thao và du lịch",
             "lead": [units[i % n_units]], "coordinating": [units[(i + 7) % n_units], "Các đơn vị liên quan"],
             "products": ["Báo cáo"], "timeframe": {"raw": "Thường xuyên", "kind": "continuous"}}
            for i in range(1, n_tasks + 1)]
    figures: dict = {"tasks": n_tasks, "units": n_units}
    with transaction.atomic():
        registry_load()
        plan = plan_create_from_parsed(parsed={"document": {"title": "Kế hoạch thử", "coordinator":
                                                            "Cục Hợp tác quốc tế"}, "tasks": rows}, actor=None)
        plan = plan_publish(plan=plan, actor=None, create_unknown=True)
        tasks = list(Task.objects.filter(version_id=plan.current_version_id).order_by("position"))
        for i, task in enumerate(tasks):
            task.progress = PROGRESS[i % len(PROGRESS)]
            task.progress_percent = 100 if task.progress == "completed" else (i * 7) % 100
        Task.objects.bulk_update(tasks, ["progress", "progress_percent"])
        period = _period_with_reports(plan, tasks)
        spec_times, render_times = [], []
        size = 0
        for _ in range(max(1, repeat)):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                # As the background job does it: the period's figures and accepted reports, then the tasks.
                spec = consolidated_spec(plan, grouping="group", inputs=period_inputs(plan, period.pk))
                spec_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            size = len(consolidated_report(spec))
            render_times.append(time.perf_counter() - started)
        totals = [a + b for a, b in zip(spec_times, render_times, strict=True)]
        figures.update({"spec_best_s": round(min(spec_times), 3), "render_best_s": round(min(render_times), 3),
                        "total_best_s": round(min(totals), 3), "total_mean_s": round(sum(totals) / len(totals), 3),
                        "spec_queries": len(queries), "docx_bytes": size, "target_s": 3.0})
        transaction.set_rollback(True)
    return figures


def _period_with_reports(plan, tasks):
    """A yearly period where each lead unit owes its tasks; all but every 20th unit's report accepted."""
    period = ReportingPeriod.objects.create(plan=plan, year=2025, label="năm 2025", opens_on=dt.date(2025, 11, 1),
                                            cutoff=dt.date(2025, 11, 15), deadline=dt.date(2025, 11, 30))
    lead = dict(TaskAssignment.objects.filter(task__in=tasks, role="lead").values_list("task_id", "organization_id"))
    Obligation.objects.bulk_create([Obligation(period=period, unit_id=lead[t.pk], task=t, role="lead")
                                    for t in tasks if lead.get(t.pk)])
    sent = timezone.make_aware(dt.datetime(2025, 11, 28, 9))
    reports = {}
    for i, unit_id in enumerate(sorted(set(lead.values()))):
        if i % 20:
            reports[unit_id] = UnitReport(period=period, unit_id=unit_id, state="accepted", first_submitted_at=sent,
                                          submitted_at=sent, accepted_at=sent, difficulties="Kinh phí còn hạn chế.",
                                          proposals="Đề nghị bố trí kinh phí năm sau.")
    UnitReport.objects.bulk_create(reports.values())
    TaskReportEntry.objects.bulk_create([
        TaskReportEntry(report=reports[lead[t.pk]], task=t, status=t.progress, percent=t.progress_percent,
                        results="Đã triển khai theo kế hoạch; sản phẩm đã được nghiệm thu.")
        for t in tasks if lead.get(t.pk) in reports])
    return period


BENCHMARKS = {"consolidated_500x200": consolidated}
