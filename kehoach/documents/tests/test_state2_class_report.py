"""The consolidated report and the period dashboard count the tasks by status class (issue 17.2): the summary
paragraph, the annex grouped by class and the dashboard agree with a count made by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kehoach.documents import selectors, services
from kehoach.documents.choices import DocumentKind, DocumentStatus
from kehoach.documents.render.readback import full_text, open_docx, table_rows
from kehoach.plans.models import Task
from kehoach.plans.selectors import current_tasks

pytestmark = pytest.mark.django_db
D = dt.date


def _set_classes(plan):
    """As of the period's cut-off 15/11/2025, by hand: 3 done on time, 1 done late, 1 in progress within the
    deadline, 2 overdue, 1 not yet due, and the other 21 of the 29 tasks without a fixed deadline."""
    tasks = list(current_tasks(plan))
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(
        progress="not_started", completed_on=None, deadline_set=None, deadline_extended=None, timeframe_end=None)
    rows = [
        ("completed", D(2025, 6, 1), D(2025, 6, 30), None),     # on time
        ("completed", D(2025, 8, 1), D(2025, 6, 30), None),     # late
        ("in_progress", None, D(2025, 12, 31), None),           # in progress, within the deadline
        ("in_progress", None, D(2025, 11, 14), None),           # overdue: the deadline was the day before
        ("not_started", None, D(2025, 11, 15), None),           # not due: the deadline day itself
        ("late", None, D(2025, 3, 1), None),                     # overdue
        ("completed", D(2025, 9, 1), None, None),               # no fixed deadline, completed: on time
        ("completed", D(2025, 7, 10), D(2025, 6, 30), D(2025, 7, 31)),  # within an approved extension: on time
    ]
    for task, (progress, completed_on, deadline, extended) in zip(tasks, rows, strict=False):
        Task.objects.filter(pk=task.pk).update(progress=progress, completed_on=completed_on, deadline_set=deadline,
                                               deadline_extended=extended)
    return tasks


HAND = {"done_on_time": 3, "done_late": 1, "in_time": 1, "overdue": 2, "not_due": 1, "no_deadline": 21}


def _consolidated(period, personas):
    document = services.period_document_request(actor=personas.coordinator, period=period,
                                                kind=DocumentKind.CONSOLIDATED_REPORT, enqueue=False)
    document = services.document_generate(document_id=document.pk)
    assert document.status == DocumentStatus.DONE, document.message
    with document.file.open("rb") as fh:
        return open_docx(fh.read())


def test_consolidated_report_summary_and_annex_by_class(period, personas):
    tasks = _set_classes(period.plan)
    doc = _consolidated(period, personas)
    text = full_text(doc)
    assert ("Theo thời hạn thực hiện (tính đến ngày 15/11/2025): 3 nhiệm vụ hoàn thành đúng hạn; 1 nhiệm vụ hoàn "
            "thành quá hạn; 1 nhiệm vụ đang thực hiện trong hạn; 2 nhiệm vụ quá hạn; 1 nhiệm vụ chưa đến hạn; "
            "21 nhiệm vụ không có thời hạn cụ thể.") in text
    assert "Phụ lục I" in text and "Phụ lục II" in text
    rows = table_rows(doc.tables[-1])
    headings = [r[2][0] for r in rows if r[1]]
    assert headings == ["1. Hoàn thành đúng hạn (3 nhiệm vụ)", "2. Hoàn thành quá hạn (1 nhiệm vụ)",
                        "3. Đang thực hiện trong hạn (1 nhiệm vụ)", "4. Quá hạn (2 nhiệm vụ)",
                        "5. Chưa đến hạn (1 nhiệm vụ)", "6. Không có thời hạn cụ thể (21 nhiệm vụ)"]
    # Under "Quá hạn": tasks 4 and 6 in plan order, with their deadlines.
    start = next(i for i, r in enumerate(rows) if r[1] and r[2][0].startswith("4."))
    overdue = [r[2] for r in rows[start + 1:start + 3]]
    assert [r[1] for r in overdue] == [tasks[3].title, tasks[5].title]
    assert [r[3] for r in overdue] == ["14/11/2025", "01/03/2025"]
    # Completed within the approved extension: listed on time with the extended deadline.
    first = rows[1 + next(i for i, r in enumerate(rows) if r[1])]
    assert first[2][1] == tasks[0].title
    on_time_rows = [r[2] for r in rows[2:5]]
    assert any(r[1] == tasks[7].title and r[3] == "31/07/2025" for r in on_time_rows)


def test_period_dashboard_shows_the_same_counts(client, period, personas):
    _set_classes(period.plan)
    client.force_login(personas.coordinator)
    response = client.get(reverse("reporting:period", args=[period.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "tính đến ngày 15/11/2025" in html
    for value, n in HAND.items():
        assert f'data-testid="class-{value}">{n}<' in html


def test_plan_report_without_a_period_judges_as_of_today(plan):
    _set_classes(plan)
    inputs = selectors.period_inputs(plan, None, today=D(2025, 11, 15))
    assert inputs.as_of == D(2025, 11, 15) and inputs.class_counts == HAND
