"""A whole yearly cycle of the 29-task plan: on time, late, returned and resubmitted, missing."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kehoach.reporting import selectors, services
from kehoach.reporting.models import ReminderLog, UnitReport

from .conftest import send


@pytest.fixture
def six_units(period, personas, django_user_model):
    """Six units with a focal point and a head each: A and B from personas plus four more."""
    reports = list(UnitReport.objects.filter(period=period).select_related("unit")
                   .exclude(unit__in=[personas.unit_a, personas.unit_b]).order_by("unit__name")[:4])
    users = {personas.unit_a.id: (personas.focal_a, personas.head_a),
             personas.unit_b.id: (personas.focal_b, personas.head_b)}
    for i, r in enumerate(reports):
        users[r.unit_id] = (
            django_user_model.objects.create_user(f"f{i}", email=f"f{i}@x.vn", role="focal_point", unit=r.unit),
            django_user_model.objects.create_user(f"h{i}", email=f"h{i}@x.vn", role="unit_head", unit=r.unit))
    units = [personas.unit_a, personas.unit_b] + [r.unit for r in reports]
    return units, users


def _at(monkeypatch, day: dt.date):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_whole_yearly_cycle(period, personas, six_units, monkeypatch, mailoutbox, client, settings, tmp_path):
    units, users = six_units
    report = {u.id: UnitReport.objects.get(period=period, unit=u) for u in units}
    on_time, late, returned, missing = units[0:3], units[3], units[4], units[5]

    # Reminders 14 days before: one digest per focal point, sent once however often cron runs.
    out = services.reminders_run(today=dt.date(2026, 11, 16))
    services.reminders_run(today=dt.date(2026, 11, 16))
    focal_ids = {f.id for f, _h in users.values()}
    assert {d.user.id for d in out} >= focal_ids
    sent_to_our_focals = [m for m in mailoutbox if m.to[0] in {users[u.id][0].email for u in units}]
    assert len(sent_to_our_focals) == 6
    assert all("[kehoach] Nhắc hạn báo cáo" in m.subject for m in mailoutbox)
    assert ReminderLog.objects.filter(step="before-14").count() == len(mailoutbox)

    _at(monkeypatch, dt.date(2026, 11, 25))
    for u in on_time + [returned]:
        send(report[u.id], *users[u.id])
    services.report_return(report=report[returned.id], actor=personas.coordinator, reason="Bổ sung minh chứng")
    mailoutbox.clear()
    # Seven days before and again the same day: unsent units' focal points only, once.
    services.reminders_run(today=dt.date(2026, 11, 25))
    call_command("remind", "--today", "2026-11-25", stdout=io.StringIO())
    to = {m.to[0] for m in mailoutbox}
    assert users[late.id][0].email in to and users[missing.id][0].email in to
    assert users[returned.id][0].email in to
    assert not to & {users[u.id][0].email for u in on_time}
    assert len(mailoutbox) == len(to)

    _at(monkeypatch, dt.date(2026, 11, 29))
    send(report[returned.id], *users[returned.id])
    _at(monkeypatch, dt.date(2026, 12, 2))
    mailoutbox.clear()
    services.reminders_run(today=dt.date(2026, 12, 2))
    services.reminders_run(today=dt.date(2026, 12, 3))
    heads = {m.to[0] for m in mailoutbox}
    assert users[late.id][1].email in heads and users[missing.id][1].email in heads
    assert users[late.id][0].email not in heads
    send(report[late.id], *users[late.id])
    for u in on_time:
        services.report_accept(report=report[u.id], actor=personas.coordinator)

    figures = selectors.period_dashboard(period, today=dt.date(2026, 12, 3))
    by_unit = {r.unit_id: r.timing for r in figures["reports"]}
    assert [by_unit[u.id] for u in units] == ["on_time"] * 3 + ["late", "on_time", "missing"]
    others = len(figures["reports"]) - 6  # the ministry's other units also owe (Các đơn vị thuộc Bộ)
    assert figures["units_sent"] == 5
    assert figures["on_time"] == 4 and figures["late"] == 1 and figures["missing"] == 1 + others
    assert dict((v, n) for v, _l, n in figures["states"])["accepted"] == 3

    # Urging letter: exactly the units that have not sent, with their tasks.
    data = selectors.urging_letter_data(period)
    names = [u["unit"] for u in data["units"]]
    assert missing.name in names and not {u.name for u in units[:5]} & set(names)
    # ... except the coordinating department, which owes too but sends the letter.
    assert personas.coordinator.unit.name not in names
    assert len(names) == 1 + others - 1
    owed = next(u for u in data["units"] if u["unit"] == missing.name)
    assert owed["tasks"] and len(owed["tasks"]) == report[missing.id].entries.count()
    target = tmp_path / "urge.docx"
    call_command("urge", "--period", str(period.pk), "-o", str(target), stdout=io.StringIO())
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    assert missing.name in xml and units[0].name not in xml

    client.force_login(personas.coordinator)
    page = client.get(reverse("reporting:period", args=[period.pk]))
    assert page.status_code == 200
    assert 'data-testid="sent">5/' in page.content.decode()
    docx = client.get(reverse("reporting:period_urge", args=[period.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
