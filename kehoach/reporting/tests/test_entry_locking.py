"""Optimistic locking per task row (issue 15, item 8): two people editing different tasks of one report never
conflict; the same task edited from a stale page is refused, naming the task; report-level texts keep the report's
version; a save after the head's approval asks before returning the report to draft."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kehoach.reporting.models import UnitReport

from .conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(period, personas):
    return UnitReport.objects.get(period=period, unit=personas.unit_a)


class Page:
    """What one person's open report page holds: the versions it was drawn with, updated by each save."""

    def __init__(self, user, report):
        self.client = Client()
        self.client.force_login(user)
        self.url = reverse("reporting:report_save", args=[report.pk])
        assert self.client.get(reverse("reporting:report", args=[report.pk])).status_code == 200
        report.refresh_from_db()
        self.version = report.version
        self.entries = {e.id: e.version for e in report.entries.all()}
        self.texts = {"summary": report.summary, "difficulties": report.difficulties, "proposals": report.proposals}

    def save(self, changes: dict, **extra):
        """Autosave: the whole form as the page holds it, with `changes` typed in."""
        data = {"version": self.version, **self.texts, **{f"v-{k}": v for k, v in self.entries.items()}, **extra}
        data.update(changes)
        response = self.client.post(self.url, data, HTTP_HX_REQUEST="true")
        if response.status_code == 200:  # the page takes the new versions the response swaps in
            html = response.content.decode()
            self.version = int(html.split('id="report-version"')[0].rsplit('value="', 1)[1].split('"')[0])
            for entry_id in self.entries:
                marker = f'name="v-{entry_id}" value="'
                self.entries[entry_id] = int(html.split(marker, 1)[1].split('"')[0])
            for name in self.texts:
                self.texts[name] = changes.get(name, self.texts[name])
        return response


def test_two_people_editing_different_tasks_never_conflict(report, personas):
    first, second = report.entries.order_by("id")[:2]
    alice, bob = Page(personas.focal_a, report), Page(personas.head_a, report)
    refused = 0
    for round_ in range(10):  # interleaved autosaves, each on its own task, each page stale for the other's
        refused += alice.save({f"e-{first.id}-results": f"Alice {round_}"}).status_code != 200
        refused += bob.save({f"e-{second.id}-results": f"Bob {round_}"}).status_code != 200
    assert refused == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.results, second.results) == ("Alice 9", "Bob 9")
    assert (first.version, second.version) == (11, 11)


def test_the_same_task_from_a_stale_page_is_refused_naming_it(report, personas):
    entry = report.entries.select_related("task").order_by("id").first()
    alice, bob = Page(personas.focal_a, report), Page(personas.head_a, report)
    assert alice.save({f"e-{entry.id}-results": "Alice"}).status_code == 200
    response = bob.save({f"e-{entry.id}-results": "Bob"})
    assert response.status_code == 422
    assert f"Nhiệm vụ {entry.task.ref}" in response.content.decode()
    entry.refresh_from_db()
    assert entry.results == "Alice"


def test_report_level_texts_keep_the_report_version(report, personas):
    alice, bob = Page(personas.focal_a, report), Page(personas.head_a, report)
    assert alice.save({"summary": "Tóm tắt của Alice"}).status_code == 200
    response = bob.save({"summary": "Tóm tắt của Bob"})
    assert response.status_code == 422 and "người khác cập nhật" in response.content.decode()
    report.refresh_from_db()
    assert report.summary == "Tóm tắt của Alice"


def test_saving_after_approval_asks_first(report, personas):
    from kehoach.reporting import services

    entry = report.entries.order_by("id").first()
    fill(report, personas.focal_a)
    alice = Page(personas.focal_a, report)
    assert alice.save({f"e-{entry.id}-results": "Bản đã duyệt"}).status_code == 200
    services.report_approve(report=report, actor=personas.head_a)
    alice = Page(personas.focal_a, report)
    page = alice.client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert 'name="confirm_unapprove"' in page
    response = alice.save({f"e-{entry.id}-results": "Sửa sau khi duyệt"})
    assert response.status_code == 422 and 'data-testid="confirm-unapprove"' in response.content.decode()
    report.refresh_from_db()
    entry.refresh_from_db()
    assert report.state == "approved" and entry.results == "Bản đã duyệt"
    assert alice.save({f"e-{entry.id}-results": "Sửa sau khi duyệt"}, confirm_unapprove="1").status_code == 200
    report.refresh_from_db()
    entry.refresh_from_db()
    assert report.state == "draft" and entry.results == "Sửa sau khi duyệt"


def test_an_unchanged_autosave_after_approval_keeps_it_approved(report, personas):
    from kehoach.reporting import services

    fill(report, personas.focal_a)
    services.report_approve(report=report, actor=personas.head_a)
    assert Page(personas.focal_a, report).save({}).status_code == 200
    report.refresh_from_db()
    assert report.state == "approved"
