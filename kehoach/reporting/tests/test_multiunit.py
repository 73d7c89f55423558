"""Tasks many units share: each unit's word is kept, the task's standing is the roll-up over all of them."""

import pytest
from django.urls import reverse

from kehoach.plans.models import Task
from kehoach.reporting import services
from kehoach.reporting.choices import ProgressRule
from kehoach.reporting.models import Obligation, ReportingRule, TaskPeriodProgress, UnitReport
from kehoach.reporting.services.progress import aggregate


def send_entries(report, focal, head, words: dict):
    """Fill a report: `words` maps task ref -> (status, percent); other entries in progress at 10%."""
    entries = {}
    for e in report.entries.select_related("task"):
        status, percent = words.get(e.task.ref, ("in_progress", 10))
        entries[e.id] = {"status": status, "percent": percent, "results": f"{report.unit.name} đã làm",
                         "evidence_number": "12/BC-X"}
    report.refresh_from_db()
    services.report_save_draft(report=report, actor=focal, version=report.version, entries=entries)
    services.report_approve(report=report, actor=head)
    return services.report_submit(report=report, actor=focal)


@pytest.fixture
def group_units(period, personas, django_user_model):
    """Five units of the 37 that lead task 1 ("Các đơn vị thuộc Bộ"), each with a focal point and a head."""
    task = Task.objects.get(plan=period.plan, is_current=True, ref="1")
    units = [o.unit for o in Obligation.objects.filter(period=period, task=task, role="lead")
             .select_related("unit").order_by("unit__name")[:5]]
    people = {}
    for i, unit in enumerate(units):
        people[unit.pk] = (
            django_user_model.objects.create_user(f"gf{i}", email=f"gf{i}@x.vn", role="focal_point", unit=unit),
            django_user_model.objects.create_user(f"gh{i}", email=f"gh{i}@x.vn", role="unit_head", unit=unit))
    return task, units, people


def _row(period, task):
    return TaskPeriodProgress.objects.get(period=period, lineage=task.lineage)


def test_roll_up_equals_hand_count_after_each_acceptance(period, personas, group_units):
    task, units, people = group_units
    total = Obligation.objects.filter(period=period, task=task, role="lead").count()
    assert total == 37
    row = _row(period, task)
    assert (row.units_total, row.not_reported, row.status) == (37, 37, "")
    words = [("completed", 100), ("in_progress", 40), ("late", 20)]
    reports = [UnitReport.objects.get(period=period, unit=u) for u in units[:3]]
    for report, word in zip(reports, words, strict=True):
        send_entries(report, *people[report.unit_id], {"1": word})
    expected = [  # (completed, in_progress, late, not_reported, status, percent): counted by hand,
        (1, 0, 0, 36, "in_progress", 3),  # 100 / 37 units (those not reported count 0%)
        (1, 1, 0, 35, "in_progress", 4),  # 140 / 37
        (1, 1, 1, 34, "late", 4),  # 160 / 37
    ]
    for report, want in zip(reports, expected, strict=True):
        services.report_accept(report=report, actor=personas.coordinator)
        row = _row(period, task)
        assert (row.completed, row.in_progress, row.late, row.not_reported, row.status, row.percent) == want
        task.refresh_from_db()
        assert (task.progress, task.progress_percent) == (want[4], want[5])
    assert row.breakdown == "1/37 đơn vị hoàn thành, 1 đang thực hiện, 1 chậm tiến độ, 34 chưa báo cáo"
    # Reopening one unit's report takes its word out of the roll-up.
    services.report_reopen(report=reports[0], actor=personas.coordinator, reason="Bổ sung")
    row = _row(period, task)
    assert (row.completed, row.not_reported, row.percent) == (0, 35, 2)  # 60 / 37
    # The unit's own entry stays its own: nothing was copied between units.
    assert {e.report.unit_id: e.percent for e in task.report_entries.select_related("report")
            if e.report_id in {r.pk for r in reports}} == {units[0].pk: 100, units[1].pk: 40, units[2].pk: 20}


def test_plan_rule_all_units_is_the_share_of_units_done(period, personas, group_units):
    task, units, people = group_units
    ReportingRule.objects.create(plan=period.plan, progress_rule=ProgressRule.ALL_UNITS)
    for unit, word in zip(units[:2], [("in_progress", 74), ("completed", 100)], strict=True):
        report = UnitReport.objects.get(period=period, unit=unit)
        send_entries(report, *people[unit.pk], {"1": word})
        services.report_accept(report=report, actor=personas.coordinator)
    row = _row(period, task)
    assert (row.percent, row.rule, row.status) == (3, ProgressRule.ALL_UNITS, "in_progress")  # 1 of 37 done


def test_aggregate_rules_by_hand():
    words = {1: ("completed", 100), 2: ("completed", 100), 3: ("in_progress", 50)}
    assert aggregate([1, 2, 3, 4], words, rule=ProgressRule.MEAN)["percent"] == 62  # 250 / 4
    assert aggregate([1, 2, 3, 4], words, rule=ProgressRule.ALL_UNITS)["percent"] == 50  # 2 of 4 done
    lead = aggregate([1, 2, 3, 4], words, rule=ProgressRule.LEAD_ONLY, named_leads={1})
    assert (lead["status"], lead["percent"]) == ("completed", 100)
    done = aggregate([1, 2], words, rule=ProgressRule.MEAN)
    assert (done["status"], done["percent"], done["not_reported"]) == ("completed", 100, 0)


def test_breakdown_on_task_plan_and_dashboard_pages(client, period, personas, group_units):
    task, units, people = group_units
    report = UnitReport.objects.get(period=period, unit=units[0])
    send_entries(report, *people[units[0].pk], {"1": ("in_progress", 40)})
    services.report_accept(report=report, actor=personas.coordinator)
    client.force_login(personas.coordinator)
    text = "0/37 đơn vị hoàn thành, 1 đang thực hiện, 36 chưa báo cáo"
    assert text in client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert text in client.get(reverse("plans:plan_detail", args=[period.plan.pk])).content.decode()
    assert text in client.get(reverse("reporting:period", args=[period.pk])).content.decode()


def test_report_form_says_why_each_task_is_owed(client, period, personas):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    client.force_login(personas.focal_a)
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "chủ trì qua nhóm Các đơn vị thuộc Bộ; thời gian Thường xuyên" in page


def test_history_says_not_yet_due_before_the_deadline(period, personas):
    import datetime as dt

    from kehoach.reporting.selectors import plan_history

    def cell(today):
        rows = plan_history(period.plan, today=today)["unit_rows"]
        row = next(r for r in rows if r["unit"].pk == personas.unit_a.pk)
        return row["cells"][0]["timing"], row["on_time_rate"]

    assert cell(dt.date(2026, 11, 1)) == ("pending", None)
    assert cell(dt.date(2026, 12, 5)) == ("missing", 0)


def test_task_plan_and_dashboard_queries_do_not_grow_with_units(client, period, personas, group_units,
                                                                 django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    task, units, people = group_units
    client.force_login(personas.coordinator)
    urls = [reverse("plans:task_detail", args=[task.pk]), reverse("plans:plan_detail", args=[period.plan.pk]),
            reverse("reporting:period", args=[period.pk])]

    def accept(unit):
        report = UnitReport.objects.get(period=period, unit=unit)
        send_entries(report, *people[unit.pk], {"1": ("in_progress", 40)})
        services.report_accept(report=report, actor=personas.coordinator)

    accept(units[0])
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    for unit in units[1:4]:
        accept(unit)
    for url, n in zip(urls, counts, strict=True):
        with django_assert_num_queries(n):
            client.get(url)


def test_breakdown_in_english_for_an_english_reader(client, period, personas, group_units):
    task, units, people = group_units
    report = UnitReport.objects.get(period=period, unit=units[0])
    send_entries(report, *people[units[0].pk], {"1": ("in_progress", 40)})
    services.report_accept(report=report, actor=personas.coordinator)
    client.force_login(personas.coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert "Overall progress per period" in page and "0/37 units completed, 1 in progress, 36 not reported" in page
    # The documents keep the Vietnamese wording whatever the reader's language.
    assert _row(period, task).breakdown == "0/37 đơn vị hoàn thành, 1 đang thực hiện, 36 chưa báo cáo"
