"""Malformed query and body values get a 400 naming the field, never a 500, and write nothing (issue 15, item 4)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HUGE = "9" * 40


@pytest.fixture
def setup(personas, make_plan):
    from kehoach.budgets.services import budget_line_save, budget_line_submit
    from kehoach.reporting import services
    from kehoach.reporting.models import UnitReport

    plan = make_plan("000")
    period = services.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                         opens_on=dt.date(2026, 10, 1))
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    line = budget_line_save(actor=personas.focal_a, data={"unit": personas.unit_a, "year": 2026, "title": "Đoàn ra",
                                                          "source": "state_budget", "currency": "VND",
                                                          "amount": "1000"})
    budget_line_submit(line=line, actor=personas.focal_a)
    return type("Setup", (), {"plan": plan, "period": period, "report": report, "line": line})


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _assert_400_naming(response, field):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert field in body or field in json.dumps(body, ensure_ascii=False), body


@pytest.mark.parametrize("url,field", [
    ("/api/tasks/?plan=abc", "plan"),
    ("/api/tasks/?lead=" + HUGE, "lead"),
    ("/api/tasks/?coordinating=-1", "coordinating"),
    ("/api/reporting/reports/?period=abc", "period"),
    ("/api/reporting/reports/?period=" + HUGE, "period"),
    ("/api/reporting/entries/?report=abc", "report"),
    ("/api/plans/?status=nonsense", "status"),
    ("/api/amendments/?status=nonsense", "status"),
    ("/api/budget-lines/totals/?by=nonsense", "by"),
])
def test_bad_query_values_are_400_naming_the_parameter(setup, personas, url, field):
    _assert_400_naming(_client(personas.coordinator).get(url), field)


def _post(client, url, payload):
    return client.post(url, json.dumps(payload) if not isinstance(payload, str) else payload,
                       content_type="application/json")


@pytest.mark.parametrize("payload,field", [
    ({"version": "abc"}, "version"),
    ({"version": HUGE}, "version"),
    ({"version": 1, "entries": ["not", "an", "object"]}, "entries"),
    ({"version": 1, "entries": {"abc": {"results": "x"}}}, "entries"),
    ({"version": 1, "entries": {"1": "not an object"}}, "entries"),
    ({"version": 1, "summary": {"nested": "object"}}, "summary"),
])
def test_bad_report_save_bodies_are_400(setup, personas, payload, field):
    from kehoach.reporting.models import UnitReport

    before = UnitReport.objects.get(pk=setup.report.pk).version
    _assert_400_naming(_post(_client(personas.focal_a), f"/api/reporting/reports/{setup.report.pk}/save/", payload),
                       field)
    assert UnitReport.objects.get(pk=setup.report.pk).version == before


def test_deep_json_is_400(setup, personas):
    deep = '{"version": 1, "entries": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = _post(_client(personas.focal_a), f"/api/reporting/reports/{setup.report.pk}/save/", deep)
    assert response.status_code == 400


@pytest.mark.parametrize("amount", ["1" * 40, "1e30", "0.0000001", "12345678901234567890.5"])
def test_amounts_beyond_the_precision_are_400(setup, personas, amount):
    from kehoach.budgets.models import BudgetLine

    before = BudgetLine.objects.count()
    response = _post(_client(personas.focal_a), "/api/budget-lines/", {
        "year": 2026, "title": "Đoàn ra", "source": "state_budget", "currency": "VND", "amount": amount})
    _assert_400_naming(response, "amount")
    assert BudgetLine.objects.count() == before


def test_appraise_without_approved_amount_is_400(setup, personas):
    response = _post(_client(personas.finance), f"/api/budget-lines/{setup.line.pk}/appraise/", {})
    _assert_400_naming(response, "approved_amount")
    setup.line.refresh_from_db()
    assert setup.line.status == "submitted"


@pytest.mark.parametrize("url", [
    "/plans/tasks/?plan=abc", "/plans/tasks/?lead=" + HUGE, "/budgets/?year=abc&unit=" + HUGE,
    "/amendments/?status=" + "x" * 5000, "/unitplans/?year=" + HUGE, "/cooperation/calendar/?y=abc&m=" + HUGE,
    "/reporting/overview/?page=" + HUGE, "/amendments/audit-log/?object_type=" + HUGE + "&date_from=abc",
    "/organizations/partners/?page=abc",
])
def test_bad_page_queries_never_500(setup, personas, url):
    for user in (personas.coordinator, personas.focal_a):
        assert _client(user).get(url).status_code in (200, 400, 403), url
