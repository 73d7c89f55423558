"""The audit action registry and readable history: every action a service writes has a label, and the history
pages show labels, field names, readable values and people, never codes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse

from kehoach.core import audit
from kehoach.core.models import AuditEntry
from kehoach.core.services import audit_log

PACKAGE = Path(audit.__file__).resolve().parents[1]
ACTION_CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)?$")
# String keys that appear next to ``action=`` but are not actions (m2m names, argparse actions...).
NOT_ACTIONS = {"store_true", "store_false", "append", "count", "comment", "is_archived", "name", "organization",
               "partners", "size", "state", "status", "text", "units"}


def _literal_actions() -> dict[str, str]:
    """Every string literal passed as ``action=`` (or as the value of a ternary there) in kehoach's code, and
    the f-string actions' fixed parts, by file."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "management" in path.parts or path.name in ("bench_http.py",):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.keyword) or node.arg != "action":
                continue
            formatted = {id(part) for sub in ast.walk(node.value) if isinstance(sub, ast.JoinedStr)
                         for part in sub.values}
            for sub in ast.walk(node.value):
                if id(sub) in formatted:
                    continue  # a piece of an f-string: test_dynamic_actions_are_registered covers those
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and ACTION_CODE.match(sub.value) \
                        and sub.value not in NOT_ACTIONS:
                    found[sub.value] = str(path.relative_to(PACKAGE))
    return found


def test_every_literal_action_in_the_code_is_registered():
    missing = {code: where for code, where in _literal_actions().items() if not audit.is_registered(code)}
    assert not missing, f"add these to kehoach/core/audit.py ACTIONS: {missing}"


def test_dynamic_actions_are_registered():
    """The f-string actions: reporting.report_<state> and <model>.archive in cooperation."""
    from kehoach.cooperation.models import Agreement, Event
    from kehoach.reporting.choices import ReportState

    for state in ReportState.values:
        assert audit.is_registered(f"reporting.report_{state}"), state
    for model in (Agreement, Event):
        assert audit.is_registered(f"{model._meta.model_name}.archive")


def test_every_label_is_translated_to_english():
    from django.utils import translation

    with translation.override("vi"):
        vietnamese = {code: str(label) for code, label in audit.ACTIONS.items()}
    with translation.override("en"):
        untranslated = [code for code, label in audit.ACTIONS.items() if str(label) == vietnamese[code]]
    assert not untranslated, untranslated


@pytest.mark.django_db
def test_unregistered_action_is_refused_under_tests(registry):
    from kehoach.organizations.models import Organization

    with pytest.raises(LookupError):
        audit_log(actor=None, action="made.up", obj=Organization.objects.first())


@pytest.fixture
def history(make_plan, personas):
    """A plan with a returned and resubmitted report, a correction and its archive: a varied trail."""
    import datetime as dt

    from kehoach.reporting import services as reporting
    from kehoach.reporting.models import UnitReport
    from kehoach.reporting.tests.conftest import send

    plan = make_plan("000")
    period = reporting.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                          opens_on=dt.date(2026, 10, 1))
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    report = send(report, personas.focal_a, personas.head_a)
    reporting.report_return(report=report, actor=personas.coordinator, reason="Bổ sung minh chứng")
    report = send(UnitReport.objects.get(pk=report.pk), personas.focal_a, personas.head_a)
    reporting.report_accept(report=report, actor=personas.coordinator)
    task = report.entries.first().task
    return type("History", (), {"plan": plan, "report": report, "task": task})()


RAW = [
    re.compile(r"\b[a-z_]+\.[a-z_]+\b(?![./])"),  # action codes, app.model
    re.compile(r"\b\w+_id\b"), re.compile(r"\bis_archived\b"), re.compile(r"\bsystem\b"),
    re.compile(r"\b(draft|submitted|accepted|returned|approved|in_progress|not_started)\b"),
    re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d"),  # ISO timestamps
    re.compile(r"(\d\d:\d\d) \1"),  # a time printed twice
]


def _visible_text(html: str) -> str:
    """The page as a reader sees it: no tags, attributes, scripts or links' addresses."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def test_history_pages_show_no_raw_codes(history, personas, client):
    client.force_login(personas.coordinator)
    pages = [
        reverse("plans:plan_audit", args=[history.plan.pk]),
        reverse("plans:task_detail", args=[history.task.pk]),
        reverse("reporting:report", args=[history.report.pk]),
        reverse("amendments:audit_log"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        for pattern in RAW:
            match = pattern.search(text)
            assert match is None, (url, match.group(0), text[max(0, match.start() - 80):match.end() + 80])
    log = _visible_text(client.get(reverse("amendments:audit_log")).content.decode())
    assert "Tiếp nhận báo cáo" in log and "Trả lại báo cáo" in log  # labels
    assert "Trạng thái" in log and "Đã tiếp nhận" in log  # field label, choice label
    assert personas.coordinator.get_full_name() in log


def test_rows_show_names_choice_labels_and_local_times(history, personas):
    entry = AuditEntry.objects.filter(action="reporting.report_accepted").get()
    [row] = audit.audit_rows([entry])
    assert row.action == "Tiếp nhận báo cáo"
    assert row.actor == personas.coordinator.get_full_name()
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row.when)
    [change] = row.changes
    assert (change.label, change.old, change.new) == ("trạng thái", "Đã gửi", "Đã tiếp nhận")


def test_audit_log_queries_constant(history, personas, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.coordinator)
    url = reverse("amendments:audit_log")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for _i in range(30):
        audit_log(actor=personas.leader, action="task.correct", obj=history.task,
                  before={"progress": "late", "is_archived": False}, after={"progress": "completed",
                                                                            "is_archived": True})
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) <= len(first) + 2
