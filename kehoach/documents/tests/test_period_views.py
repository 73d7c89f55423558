"""Period pages: who sees which buttons, who gets 404, downloads of unit and period documents."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from kehoach.documents.models import ConsolidationDraft, GeneratedDocument

pytestmark = pytest.mark.django_db

ROLES = ["focal_a", "head_a", "focal_b", "head_b", "coordinator", "finance", "leader", "viewer"]
SEES_PAGE = {"focal_a", "head_a", "focal_b", "head_b", "coordinator", "leader"}


@pytest.mark.parametrize("role", ROLES)
def test_period_page_per_role(client, personas, period, role):
    client.force_login(getattr(personas, role))
    response = client.get(reverse("documents:period", args=[period.pk]))
    assert response.status_code == (200 if role in SEES_PAGE else 404)
    if response.status_code == 200:
        html = response.content.decode()
        assert ('data-testid="documents-period-actions"' in html) == (role == "coordinator")
        listed = html.split('data-testid="period-unit-reports"')[1] if "period-unit-reports" in html else ""
        assert ("Cục Di sản văn hóa" in listed) == (role in {"focal_a", "head_a", "coordinator", "leader"})
        assert ("Cục Điện ảnh" in listed) == (role in {"focal_b", "head_b", "coordinator", "leader"})


@pytest.mark.parametrize("role,status", [("focal_a", 302), ("head_a", 302), ("focal_b", 404), ("viewer", 404),
                                         ("finance", 404), ("leader", 302), ("coordinator", 302)])
def test_unit_a_report_generation_and_download(client, personas, period, role, status,
                                               django_capture_on_commit_callbacks):
    client.force_login(getattr(personas, role))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:period_generate", args=[period.pk, "unit_report"]),
                               {"unit": personas.unit_a.pk})
    assert response.status_code == status
    if status == 302:
        document = GeneratedDocument.objects.get()
        assert client.get(document.download_url).status_code == 200
        # Unit B cannot read unit A's report.
        client.force_login(personas.focal_b)
        assert client.get(document.download_url).status_code == 404


def test_bad_unit_or_period_is_404(client, personas, period):
    client.force_login(personas.coordinator)
    url = reverse("documents:period_generate", args=[period.pk, "unit_report"])
    finance_unit = personas.finance.unit  # no obligation in this period
    for value in ("", "abc", "999999", str(finance_unit.pk)):
        assert client.post(url, {"unit": value}).status_code == 404
    assert client.post(reverse("documents:period_generate", args=[999999, "urging_letter"])).status_code == 404
    assert client.post(reverse("documents:period_generate", args=[period.pk, "plan_docx"])).status_code == 404
    assert client.get(reverse("documents:period", args=[999999])).status_code == 404
    assert GeneratedDocument.objects.count() == 0


@pytest.mark.parametrize("kind", ["urging_letter", "matrix_xlsx"])
@pytest.mark.parametrize("role", ["focal_a", "leader", "coordinator"])
def test_period_wide_documents(client, personas, period, kind, role, django_capture_on_commit_callbacks):
    client.force_login(getattr(personas, role))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:period_generate", args=[period.pk, kind]), HTTP_HX_REQUEST="true")
    assert response.status_code == (200 if role == "coordinator" else 403)
    if role == "coordinator":
        document = GeneratedDocument.objects.get()
        client.force_login(personas.leader)
        assert client.get(document.download_url).status_code == 200
        client.force_login(personas.focal_a)
        assert client.get(document.download_url).status_code == 404


def test_consolidated_form_for_a_period_is_prefilled_from_accepted_reports(client, personas, period):
    client.force_login(personas.coordinator)
    url = reverse("documents:period_consolidated", args=[period.pk])
    html = client.get(url).content.decode()
    assert "Cục Di sản văn hóa: Kinh phí hạn chế." in html and "Không được nêu khi chưa tiếp nhận." not in html
    response = client.post(url, {"grouping": "group", "difficulties": "Đã biên tập.", "proposals": "",
                                 "generate": "1"})
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302 and document.period == period
    assert ConsolidationDraft.objects.get().period == period
    assert "Đã biên tập." in client.get(url).content.decode()


@pytest.mark.parametrize("role,status", [("focal_a", 403), ("leader", 403), ("viewer", 404), ("focal_b", 403)])
def test_consolidated_form_for_a_period_refused_to_others(client, personas, period, role, status):
    client.force_login(getattr(personas, role))
    assert client.get(reverse("documents:period_consolidated", args=[period.pk])).status_code == status


def test_panels_render_for_reporting_pages(rf, personas, period):
    from kehoach.reporting.models import UnitReport

    report = UnitReport.objects.get(unit=personas.unit_a)
    for role, shows in (("coordinator", True), ("focal_a", True), ("focal_b", False), ("viewer", False)):
        request = rf.get("/")
        request.user = getattr(personas, role)
        ctx = Context({"period": period, "report": report, "user": request.user, "request": request})
        period_html = Template('{% app_panels "period_actions" %}').render(ctx)
        report_html = Template('{% app_panels "report_actions" %}').render(ctx)
        assert ("documents-period-actions" in period_html) == (role == "coordinator")
        assert ("documents-report-actions" in report_html) == shows
