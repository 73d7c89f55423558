"""A returned report says why at the top; its history shows each time once, names and state labels."""

import re

from django.urls import reverse

from kehoach.reporting import services
from kehoach.reporting.models import UnitReport

from .conftest import send


def test_returned_report_shows_the_reason_first_and_a_readable_history(period, personas, client):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    report = send(report, personas.focal_a, personas.head_a)
    services.report_return(report=report, actor=personas.coordinator, reason="Bổ sung minh chứng cho nhiệm vụ 3")
    client.force_login(personas.focal_a)
    html = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    reason = html.index('data-testid="return-reason"')
    assert "Bổ sung minh chứng cho nhiệm vụ 3" in html[reason:reason + 600]
    assert reason < html.index('data-testid="entry-')  # above the entries, where the unit starts fixing
    history = html[html.index('data-testid="transitions"'):]
    history = re.sub(r"<[^>]+>", " ", history)
    assert not re.search(r"(\d\d:\d\d) \1", history)  # the time once
    assert "Đã gửi" in history and "Trả lại để hoàn thiện" in history  # state labels
    assert not re.search(r"\b(draft|submitted|returned|in_progress|not_started)\b", history)
    assert personas.coordinator.get_full_name() in history


def test_accepted_report_has_no_return_banner(period, personas, client):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    report = send(report, personas.focal_a, personas.head_a)
    services.report_accept(report=report, actor=personas.coordinator)
    client.force_login(personas.focal_a)
    assert 'data-testid="return-reason"' not in client.get(reverse("reporting:report", args=[report.pk])).content.decode()


def test_unit_types_a_public_summary_and_the_coordinator_approves_it_on_accept(period, personas, client):
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    entry = report.entries.order_by("id").first()
    client.force_login(personas.focal_a)
    form = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert f'name="e-{entry.id}-public_summary"' in form
    client.post(reverse("reporting:report_save", args=[report.pk]),
                {"version": report.version, f"e-{entry.id}-public_summary": "Đã tổ chức hội thảo"})
    entry.refresh_from_db()
    assert entry.public_summary == "Đã tổ chức hội thảo"
    report = send(UnitReport.objects.get(pk=report.pk), personas.focal_a, personas.head_a)
    client.force_login(personas.coordinator)
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert f'name="public" value="{entry.id}"' in page and 'form="accept-form"' in page
    # The coordinator unticks it: accepted, but not approved for the public page.
    client.post(reverse("reporting:report_action", args=[report.pk, "accept"]), {"public_sent": "1"})
    entry.refresh_from_db()
    assert entry.report.state == "accepted" and entry.public_approved is False
