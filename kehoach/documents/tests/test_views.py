"""Pages: the plan page's download panel, generation status, downloads per role, signature profiles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kehoach.documents import services
from kehoach.documents.choices import DocumentKind, DocumentStatus
from kehoach.documents.models import GeneratedDocument, SignatureProfile

pytestmark = pytest.mark.django_db

ROLES = ["focal_a", "head_a", "focal_b", "head_b", "coordinator", "finance", "leader", "viewer"]


@pytest.fixture
def draft(make_plan):
    return make_plan("001", publish=False)


def _client(client, personas, role):
    client.force_login(getattr(personas, role))
    return client


def test_plan_page_shows_the_download_buttons(client, personas, plan):
    response = _client(client, personas, "viewer").get(plan.get_absolute_url())
    html = response.content.decode()
    assert 'data-testid="documents-plan-actions"' in html
    for kind in ("plan_docx", "plan_xlsx", "plan_json"):
        assert reverse("documents:plan_export", args=[plan.pk, kind]) in html
    assert "Tải DOCX" in html


@pytest.mark.parametrize("role", ROLES)
def test_everyone_who_sees_the_plan_can_export_and_download_it(client, personas, plan, role,
                                                                django_capture_on_commit_callbacks):
    c = _client(client, personas, role)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("documents:plan_export", args=[plan.pk, "plan_xlsx"]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    document = GeneratedDocument.objects.get()
    assert document.created_by == getattr(personas, role)
    # The fragment polls until done, then offers the file.
    status = c.get(document.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert 'data-status="done"' in status.content.decode() and document.download_url in status.content.decode()
    download = c.get(document.download_url)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_queued_document_polls_and_offers_no_download(client, personas, plan):
    document = services.document_request(actor=personas.viewer, plan=plan, kind=DocumentKind.PLAN_DOCX,
                                         enqueue=False)
    c = _client(client, personas, "viewer")
    html = c.get(document.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="queued"' in html and 'hx-trigger="every 1s"' in html
    assert c.get(document.download_url).status_code == 404
    page = c.get(document.get_absolute_url())
    assert page.status_code == 200 and "Đang chờ" in page.content.decode()


def test_without_htmx_the_export_redirects_to_the_document_page(client, personas, plan):
    response = _client(client, personas, "focal_b").post(reverse("documents:plan_export", args=[plan.pk, "plan_json"]))
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()


@pytest.mark.parametrize("role", ["focal_a", "finance", "leader", "viewer"])
def test_a_draft_plan_is_404_for_those_who_may_not_see_it(client, personas, draft, role):
    c = _client(client, personas, role)
    assert c.post(reverse("documents:plan_export", args=[draft.pk, "plan_docx"])).status_code == 404
    document = services.document_generate_now(actor=None, plan=draft, kind=DocumentKind.PLAN_DOCX)
    assert c.get(document.get_absolute_url()).status_code == 404
    assert c.get(document.download_url).status_code == 404
    assert GeneratedDocument.objects.count() == 1


def test_coordinator_exports_a_draft(client, personas, draft):
    c = _client(client, personas, "coordinator")
    assert c.post(reverse("documents:plan_export", args=[draft.pk, "plan_docx"])).status_code == 302


@pytest.mark.parametrize("path", ["plan_export_bad_kind", "unknown_plan", "unknown_document"])
def test_bad_addresses_are_404(client, personas, plan, path):
    c = _client(client, personas, "coordinator")
    if path == "plan_export_bad_kind":
        response = c.post(reverse("documents:plan_export", args=[plan.pk, "consolidated_report"]))
    elif path == "unknown_plan":
        response = c.post(reverse("documents:plan_export", args=[999999, "plan_docx"]))
    else:
        response = c.get(reverse("documents:download", args=[999999]))
    assert response.status_code == 404


def test_export_needs_post(client, personas, plan):
    response = _client(client, personas, "coordinator").get(reverse("documents:plan_export",
                                                                     args=[plan.pk, "plan_docx"]))
    assert response.status_code == 405


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(reverse("documents:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def _unit_report(plan, unit):
    # Reporting documents are generated by the reporting flow; here only their visibility is at stake.
    return GeneratedDocument.objects.create(kind=DocumentKind.UNIT_REPORT, plan=plan, unit=unit, version=1,
                                            scope=GeneratedDocument.scope_for(plan.pk, None, unit.pk),
                                            status=DocumentStatus.FAILED)


@pytest.mark.parametrize("role,sees_a,sees_consolidated", [
    ("focal_a", True, False), ("head_a", True, False), ("focal_b", False, False), ("head_b", False, False),
    ("coordinator", True, True), ("leader", True, True), ("finance", False, False), ("viewer", False, False),
])
def test_unit_and_period_documents_only_for_the_unit_coordinator_and_leadership(
        client, personas, plan, role, sees_a, sees_consolidated):
    report_a = _unit_report(plan, personas.unit_a)
    consolidated = GeneratedDocument.objects.create(kind=DocumentKind.CONSOLIDATED_REPORT, plan=plan, version=1,
                                                    scope=GeneratedDocument.scope_for(plan.pk, None, None))
    c = _client(client, personas, role)
    assert c.get(report_a.get_absolute_url()).status_code == (200 if sees_a else 404)
    assert c.get(consolidated.get_absolute_url()).status_code == (200 if sees_consolidated else 404)
    listing = c.get(reverse("documents:list")).content.decode()
    assert (report_a.get_absolute_url() in listing) == sees_a


def test_document_list_runs_a_constant_number_of_queries(client, personas, plan, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = _client(client, personas, "coordinator")

    def count(n):
        for _ in range(n):
            services.document_request(actor=personas.coordinator, plan=plan, kind=DocumentKind.PLAN_JSON,
                                      enqueue=False)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("documents:list")).status_code == 200
        return len(ctx)

    assert count(3) == count(6)


@pytest.mark.parametrize("role", ROLES)
def test_signature_profiles_page_is_for_the_coordinator(client, personas, role):
    response = _client(client, personas, role).get(reverse("documents:signatures"))
    assert response.status_code == (200 if role == "coordinator" else 403)


def test_coordinator_sets_a_signer_and_bad_input_is_named(client, personas):
    c = _client(client, personas, "coordinator")
    unit = personas.coordinator.unit
    response = c.post(reverse("documents:signatures"), {"organization": unit.pk, "authority": "KT. CỤC TRƯỞNG",
                                                        "title": "PHÓ CỤC TRƯỞNG", "name": "Nguyễn Văn A"})
    assert response.status_code == 302
    assert SignatureProfile.objects.get(organization=unit).name == "Nguyễn Văn A"
    page = c.get(reverse("documents:signatures")).content.decode()
    assert "Nguyễn Văn A" in page
    bad = c.post(reverse("documents:signatures"), {"organization": "", "title": "x" * 500, "name": "<script>"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "Hãy chọn cơ quan, đơn vị." in html and "dài quá 120 ký tự" in html
    assert "<script>" not in html.split("<form", 1)[1]
    assert SignatureProfile.objects.count() == 1
