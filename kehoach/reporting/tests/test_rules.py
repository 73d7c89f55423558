"""The reporting app's rules, every role × own/other unit, in the states where it matters (see
``kehoach.core.tests.rulebook``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.core.tests.rulebook import RuleCase, rule_test
from kehoach.reporting import services
from kehoach.reporting.choices import ObligationRole
from kehoach.reporting.models import Obligation, UnitReport

from .conftest import fill, send

pytestmark = pytest.mark.django_db


def period(world, unit=None):
    """The published plan's yearly period, open (one per test)."""
    if "_period" not in world.__dict__:
        world._period = services.period_open_yearly(plan=world.plan, year=2026, actor=world.personas.coordinator,
                                                    opens_on=dt.date(2026, 10, 1))
    return world._period


def _members(world, unit):
    p = world.personas
    return (p.focal_a, p.head_a) if unit == world.unit_a else (p.focal_b, p.head_b)


def _report(world, unit) -> UnitReport:
    return UnitReport.objects.select_related("period", "unit").get(period=period(world), unit=unit)


def _fresh(report) -> UnitReport:
    return UnitReport.objects.select_related("period", "unit").get(pk=report.pk)


def draft(world, unit):
    return _report(world, unit)


def approved(world, unit):
    focal, head = _members(world, unit)
    report = _report(world, unit)
    fill(report, focal)
    return _fresh(services.report_approve(report=_fresh(report), actor=head))


def submitted(world, unit):
    focal, head = _members(world, unit)
    return _fresh(send(_report(world, unit), focal, head))


def accepted(world, unit):
    return _fresh(services.report_accept(report=submitted(world, unit), actor=world.personas.coordinator))


def returned(world, unit):
    return _fresh(services.report_return(report=submitted(world, unit), actor=world.personas.coordinator,
                                         reason="Bổ sung minh chứng"))


def _close(world):
    current = period(world)
    current.refresh_from_db()
    if current.is_open:
        services.period_close(period=current, actor=world.personas.coordinator)


def draft_after_close(world, unit):
    """A report never sent, its period closed (and no extension)."""
    _close(world)
    return _report(world, unit)


def returned_after_close(world, unit):
    """A report the coordinator returned after the period closed: the unit may finish it."""
    if "_sent_before_close" not in world.__dict__:  # both units send before the period closes
        world._sent_before_close = {u.pk: submitted(world, u) for u in (world.unit_a, world.unit_b)}
        _close(world)
    return _fresh(services.report_return(report=world._sent_before_close[unit.pk],
                                         actor=world.personas.coordinator, reason="Bổ sung"))


def input_owed(world, unit):
    """The unit's obligation to give input on a task it coordinates in the period."""
    obligation = Obligation.objects.filter(period=period(world), unit=unit, role=ObligationRole.COORDINATING) \
        .order_by("id").first()
    assert obligation is not None, f"{unit} coordinates no task of the 29-task decision"
    return obligation


def nothing(world, unit):
    return None


UNIT = "focal head"
MANAGER = "coordinator admin"
WATCHERS = "coordinator finance leader admin"

TABLE = [
    # The cycle: the coordinator runs it; the system may open, set and urge (the CLI, the demo).
    RuleCase("reporting.open_period", nothing, own=MANAGER + " system", other=MANAGER + " system"),
    RuleCase("reporting.configure_period", period, own=MANAGER + " system", other=MANAGER + " system"),
    RuleCase("reporting.close_period", period, own=MANAGER, other=MANAGER),
    RuleCase("reporting.grant_extension", period, own=MANAGER, other=MANAGER),
    RuleCase("reporting.write_urging", period, own=MANAGER + " system", other=MANAGER + " system"),
    RuleCase("reporting.see_overview", nothing, own=WATCHERS, other=WATCHERS),
    RuleCase("reporting.see_dashboard", period, own=WATCHERS, other=WATCHERS),
    # Writing: the unit's own focal point and head, while the report is theirs and the period allows it.
    RuleCase("reporting.edit_report", draft, own=UNIT),
    RuleCase("reporting.edit_report", approved, own=UNIT),
    RuleCase("reporting.edit_report", submitted),
    RuleCase("reporting.edit_report", accepted),
    RuleCase("reporting.edit_report", returned, own=UNIT),
    RuleCase("reporting.edit_report", draft_after_close),
    RuleCase("reporting.edit_report", returned_after_close, own=UNIT),
    RuleCase("reporting.give_input", input_owed, own=UNIT),
    # The workflow: the head approves, the unit sends, the coordinator accepts, returns or reopens (the
    # states each transition starts from are REPORT_FLOW's; these rows are the rule's own answer).
    RuleCase("reporting.approve_report", draft, own="head"),
    RuleCase("reporting.approve_report", returned, own="head"),
    RuleCase("reporting.approve_report", submitted),
    RuleCase("reporting.approve_report", draft_after_close),
    RuleCase("reporting.submit_report", approved, own=UNIT),
    RuleCase("reporting.submit_report", submitted),
    RuleCase("reporting.accept_report", submitted, own=MANAGER, other=MANAGER),
    RuleCase("reporting.return_report", submitted, own=MANAGER, other=MANAGER),
    RuleCase("reporting.reopen_report", accepted, own=MANAGER, other=MANAGER),
]


test_rule = rule_test(TABLE)
