"""Done-when of issue 12: two yearly cycles of plan 000 with the task led by "Các đơn vị thuộc Bộ": the roll-up
after each acceptance equals a hand count; the consolidated report lists each unit's result and the
coordinating units' input and goes where the plan says; an amendment after closing year 1 leaves year 1 alone."""

import datetime as dt

import pytest

from conftest import SEEDS, gold
from kehoach.documents import services as documents
from kehoach.documents.choices import DocumentKind, DocumentStatus
from kehoach.documents.render.readback import full_text, open_docx
from kehoach.plans.models import Task
from kehoach.plans.services import plan_create_from_parsed, plan_new_version, plan_publish
from kehoach.plans.services.rows import match_lineages, task_rows
from kehoach.reporting import services
from kehoach.reporting.models import Obligation, TaskPeriodProgress, UnitReport

from .test_multiunit import send_entries

SEED_000 = SEEDS / "ke-hoach-hoi-nhap-quoc-te-2025-2030.txt"


@pytest.fixture
def plan(registry):
    """Plan 000 as imported from its text: the stored text says whom the coordinator reports to."""
    plan = plan_create_from_parsed(parsed=gold("000"), actor=None, source_name=SEED_000.name,
                                   source_bytes=SEED_000.read_bytes())
    return plan_publish(plan=plan, actor=None, create_unknown=True)


def _people(period, task, django_user_model, n, tag):
    units = [o.unit for o in Obligation.objects.filter(period=period, task=task, role="lead")
             .select_related("unit").order_by("unit__name")[:n]]
    return [(u, django_user_model.objects.create_user(f"{tag}f{i}", role="focal_point", unit=u),
             django_user_model.objects.create_user(f"{tag}h{i}", role="unit_head", unit=u))
            for i, u in enumerate(units)]


def _consolidated(period, actor) -> str:
    document = documents.period_document_request(actor=actor, period=period, kind=DocumentKind.CONSOLIDATED_REPORT,
                                                 enqueue=False)
    document = documents.document_generate(document_id=document.pk)
    assert document.status == DocumentStatus.DONE, document.message
    with document.file.open("rb") as fh:
        return full_text(open_docx(fh.read()))


def _cycle(period, personas, people, words, expected):
    task = Task.objects.get(plan=period.plan, is_current=True, ref="1")
    for (unit, focal, head), word, want in zip(people, words, expected, strict=True):
        report = send_entries(UnitReport.objects.get(period=period, unit=unit), focal, head, {"1": word})
        services.report_accept(report=report, actor=personas.coordinator)
        row = TaskPeriodProgress.objects.get(period=period, lineage=task.lineage)
        assert (row.completed, row.in_progress, row.late, row.not_reported, row.percent) == want
    return row


def test_two_yearly_cycles_with_a_group_led_task(plan, personas, django_user_model):
    coordinator = personas.coordinator
    year1 = services.period_open_yearly(plan=plan, year=2025, actor=coordinator, opens_on=dt.date(2025, 10, 1))
    task1 = Task.objects.get(plan=plan, is_current=True, ref="1")
    people = _people(year1, task1, django_user_model, 3, "a")
    # Hand counts: 37 units owe task 1; (completed, in progress, late, not reported, percent = sum / 37).
    row = _cycle(year1, personas, people, [("completed", 100), ("in_progress", 50), ("late", 30)],
                 [(1, 0, 0, 36, 3), (1, 1, 0, 35, 4), (1, 1, 1, 34, 5)])
    assert row.breakdown == "1/37 đơn vị hoàn thành, 1 đang thực hiện, 1 chậm tiến độ, 34 chưa báo cáo"
    # A coordinating unit's input on task 3 (led by the coordinating department).
    task3 = Task.objects.get(plan=plan, is_current=True, ref="3")
    services.coordinator_input_save(period=year1, task=task3, actor=personas.focal_a,
                                    text="Đã cử chuyên gia tham gia góp ý dự thảo quy định của UNESCO")
    text1 = _consolidated(year1, coordinator)
    flat = " ".join(text1.split())
    for unit, _f, _h in people:
        assert unit.name in flat
    assert "Kết quả theo đơn vị:" in flat and "+ Hoàn thành (1 đơn vị):" in flat
    assert f"{people[1][0].name} đã làm" in flat  # each unit's text in the prefilled wording
    assert "Ý kiến đơn vị phối hợp:" in flat and "Cục Di sản văn hóa: Đã cử chuyên gia" in flat
    noi_nhan = text1.split("Nơi nhận:", 1)[1]
    assert "Lãnh đạo Bộ" in noi_nhan and "Bộ Ngoại giao" in noi_nhan
    assert "Kính gửi" in text1 and "Bộ Ngoại giao" in text1.split("Nơi nhận:", 1)[0]

    services.period_close(period=year1, actor=coordinator)
    obligations1 = sorted(Obligation.objects.filter(period=year1).values_list("unit_id", "task_id", "role"))
    # Amendment after closing year 1: task 1 is reworded, task 2 dropped.
    old = list(Task.objects.filter(version=plan.current_version).prefetch_related("assignments", "products",
                                                                                 "partner_links"))
    rows = [r for r in task_rows(old) if r.ref != "2"]
    rows = [r.changed(title="Mở rộng hợp tác quốc tế (sửa đổi)") if r.ref == "1" else r for r in rows]
    plan_new_version(plan=plan, rows=rows, lineages=match_lineages(old, rows), actor=None, source="amendment")
    plan.refresh_from_db()
    assert sorted(Obligation.objects.filter(period=year1).values_list("unit_id", "task_id", "role")) == obligations1
    assert _consolidated(year1, coordinator) == text1  # year 1's report reads as it did

    year2 = services.period_open_yearly(plan=plan, year=2026, actor=coordinator, opens_on=dt.date(2026, 10, 1))
    assert not Obligation.objects.filter(period=year2, task__ref="2").exists()
    task1_v2 = Task.objects.get(plan=plan, is_current=True, ref="1")
    assert task1_v2.lineage == task1.lineage and task1_v2.pk != task1.pk
    people2 = _people(year2, task1_v2, django_user_model, 2, "b")
    row = _cycle(year2, personas, people2, [("completed", 100), ("completed", 100)],
                 [(1, 0, 0, 36, 3), (2, 0, 0, 35, 5)])
    text2 = _consolidated(year2, coordinator)
    assert "Mở rộng hợp tác quốc tế (sửa đổi)" in text2 and "Mở rộng hợp tác quốc tế (sửa đổi)" not in text1
    # Each year keeps its own roll-up; the task shows the latest year's.
    assert TaskPeriodProgress.objects.get(period=year1, lineage=task1.lineage).in_progress == 1
    task1_v2.refresh_from_db()
    assert (task1_v2.progress, task1_v2.progress_percent) == ("in_progress", 5)

    # History: unit × year completeness and timeliness, task × year progress; on the dashboard and in the XLSX.
    from kehoach.reporting.selectors import plan_history

    history = plan_history(plan)
    assert history["years"] == [2025, 2026]
    first = next(r for r in history["unit_rows"] if r["unit"].pk == people[0][0].pk)
    assert first["cells"][0]["done"] >= 1 and first["cells"][0]["timing"] in ("on_time", "late")
    line = next(r for r in history["task_rows"] if r["task"].ref == "1")
    assert [c[0] for c in line["cells"]] == [5, 5]
    import io

    from django.test import Client
    from openpyxl import load_workbook

    client = Client()
    client.force_login(coordinator)
    from django.urls import reverse
    # The dashboard loads the history across years from its own address (htmx, as the user scrolls to it).
    dashboard = client.get(reverse("reporting:period", args=[year2.pk])).content.decode()
    assert reverse("reporting:period_history", args=[year2.pk]) in dashboard
    page = client.get(reverse("reporting:period_history", args=[year2.pk])).content.decode()
    assert page.count('data-testid="history-units"') == 1 and people[0][0].name in page
    assert '<table' not in page.split('</title>', 1)[0]
    document = documents.period_document_request(actor=coordinator, period=year2, kind=DocumentKind.MATRIX_XLSX,
                                                 enqueue=False)
    document = documents.document_generate(document_id=document.pk)
    with document.file.open("rb") as fh:
        wb = load_workbook(io.BytesIO(fh.read()))
    assert wb.sheetnames == ["Tình trạng báo cáo", "Lịch sử đơn vị", "Lịch sử nhiệm vụ"]
    tasks_sheet = [r for r in wb["Lịch sử nhiệm vụ"].iter_rows(values_only=True)]
    assert tasks_sheet[1][2:] == ("2025", "2026")
    row1 = next(r for r in tasks_sheet if r[0] == 1)
    assert row1[2:] == (0.05, 0.05)
