"""A bounded schemathesis run over the OpenAPI schema as each role (issue 15, item 4): every operation gets
generated valid and invalid requests; no answer is a server error, and every answer matches the schema."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = ["focal_a", "coordinator", "finance", "leader"]
#: Examples per operation, role and mode: 44 operations x 4 roles x 2 modes x 4 = 1,408 cases, under two minutes.
EXAMPLES = int(os.environ.get("KEHOACH_SCHEMATHESIS_EXAMPLES", "4"))


@pytest.fixture
def api_world(personas, make_plan, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

    from kehoach.accounts.services import token_create
    from kehoach.budgets.services import budget_line_save
    from kehoach.reporting import services

    # The run sends thousands of calls a minute as one user: throttling is tested elsewhere.
    monkeypatch.setattr(UserRateThrottle, "rate", "1000000/minute", raising=False)
    monkeypatch.setattr(AnonRateThrottle, "rate", "1000000/minute", raising=False)
    plan = make_plan("000")
    services.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator, opens_on=dt.date(2026, 10, 1))
    budget_line_save(actor=personas.focal_a, data={"unit": personas.unit_a, "year": 2026, "title": "Đoàn ra",
                                                   "source": "state_budget", "currency": "VND", "amount": "1000"})
    return {role: token_create(user=getattr(personas, role), actor=getattr(personas, role)).key for role in ROLES}


def _describe(exc) -> list[str]:
    """The failures' titles (schemathesis groups them), for a short report."""
    found = getattr(exc, "exceptions", None) or [exc]
    return [f"{type(e).__name__}: {getattr(e, 'title', '') or str(e).splitlines()[0] if str(e) else ''}"[:200]
            for e in found]


def test_schemathesis_as_each_role(api_world):
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections
    from drf_spectacular.generators import SchemaGenerator

    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema.app = get_wsgi_application()
    # As Django's test client does: the handler must not close the test's connection after each request
    # (on PostgreSQL that ends the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _fuzz(schema, api_world)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(schema, api_world):
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    cases, failures = Counter(), []
    operations = [result.ok() for result in schema.get_all_operations()]

    def fuzz(role, headers, operation, mode):
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            cases[role] += 1
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=checks, headers=headers)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported together below
                failures.append((role, operation.label, mode.value, _describe(exc)))

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - an operation schemathesis cannot generate for
            if "Unsatisfiable" not in type(exc).__name__:
                failures.append((role, operation.label, mode.value, [repr(exc)[:300]]))

    for role, key in api_world.items():
        headers = {"Authorization": f"Token {key}", "Host": "127.0.0.1"}
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                fuzz(role, headers, operation, mode)
    print(f"schemathesis: {dict(cases)} cases, {len(failures)} failures")
    assert sum(cases.values()) > 500
    summary = Counter((label, next((line for line in lines if line.strip()), "")) for _r, label, _m, lines in failures)
    assert not failures, "\n".join(f"{n} x {label}: {line}" for (label, line), n in summary.most_common())
