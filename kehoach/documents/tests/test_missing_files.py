"""A file the database names but the storage lost: a Vietnamese 404 page that says so, never a 500."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import SEEDS
from kehoach.core.testing import tiny_pdf
from kehoach.documents.services import document_generate_now
from kehoach.imports.services import import_bytes
from kehoach.plans.services import plan_publish
from kehoach.reporting import services as reporting
from kehoach.reporting.models import UnitReport

MISSING = "Không tìm thấy tệp"


@pytest.fixture
def plan(personas):
    path = next(SEEDS.glob("*.txt"))
    return plan_publish(plan=import_bytes(data=path.read_bytes(), filename=path.name, actor=None), actor=None,
                        create_unknown=True)


def unplug(field_file) -> None:
    os.remove(field_file.path)


@pytest.fixture
def client_no_raise():
    return Client(raise_request_exception=False)


def test_missing_plan_source_document_and_evidence_give_a_404_page(plan, personas, django_user_model,
                                                                    client_no_raise):
    client = client_no_raise
    client.force_login(personas.coordinator)
    assert client.get(reverse("plans:plan_source", args=[plan.pk])).status_code == 200

    document = document_generate_now(actor=personas.coordinator, plan=plan, kind="plan_docx")
    assert client.get(document.download_url).status_code == 200

    period = reporting.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                          opens_on=dt.date(2026, 10, 1))
    report = UnitReport.objects.filter(period=period).select_related("unit").first()
    focal = django_user_model.objects.create_user("focal_x", password="x", role="focal_point", unit=report.unit)
    entry = report.entries.first()
    evidence = reporting.evidence_add(entry=entry, actor=focal,
                                      upload=SimpleUploadedFile("bien-ban.pdf", tiny_pdf()))
    focal_client = Client(raise_request_exception=False)
    focal_client.force_login(focal)
    evidence_url = reverse("reporting:evidence_download", args=[evidence.pk])
    assert focal_client.get(evidence_url).status_code == 200

    for field_file in (plan.source_file, document.file, evidence.file):
        unplug(field_file)
    for who, url, name in ((client, reverse("plans:plan_source", args=[plan.pk]), plan.source_name),
                           (client, document.download_url, document.filename),
                           (focal_client, evidence_url, "bien-ban.pdf")):
        response = who.get(url)
        page = response.content.decode()
        assert response.status_code == 404, url
        assert MISSING in page and name in page and "quản trị" in page, url
        assert "<nav" in page  # the site's own page, not a bare error
