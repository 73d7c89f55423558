"""The consolidated report built from the database: issuer from the registry, every task in the annex."""

from __future__ import annotations

import pytest
from docx.enum.section import WD_ORIENT

from kehoach.documents import selectors, services
from kehoach.documents.bench import consolidated as bench_consolidated
from kehoach.documents.render import consolidated_report
from kehoach.documents.render.composers import NO_ACCEPTED_REPORT
from kehoach.documents.render.readback import find_paragraph, full_text, open_docx, table_rows
from kehoach.plans.selectors import current_tasks

from .docx_checks import assert_header, assert_noi_nhan_and_signer, assert_page_and_fonts
from .test_selectors import _queries, synthetic

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(personas):
    return services.signature_profile_set(actor=personas.coordinator, organization=personas.coordinator.unit,
                                          authority="KT. CỤC TRƯỞNG", title="Phó Cục trưởng", name="Nguyễn Văn A")


def test_consolidated_report_layout_and_annex(plan, signed):
    tasks = list(current_tasks(plan))
    tasks[0].progress, tasks[0].progress_percent = "completed", 100
    tasks[1].progress, tasks[1].progress_percent = "late", 20
    for t in tasks[:2]:
        t.save()
    inputs = selectors.PeriodInputs(label="năm 2025", units_total=12, units_on_time=10, units_late=1,
                                    units_missing=1, reports_accepted=11,
                                    results={str(tasks[0].lineage): "Đã tổ chức hội nghị."},
                                    explanations={str(tasks[1].lineage): "Chưa bố trí được kinh phí."},
                                    difficulties=["Kinh phí hạn chế."], proposals=["Bố trí kinh phí năm 2026."])
    doc = open_docx(consolidated_report(selectors.consolidated_spec(plan, inputs=inputs)))
    assert_page_and_fonts(doc)
    assert_header(doc, parent="Bộ Văn hóa, Thể thao và Du lịch", issuer="Cục Hợp tác quốc tế",
                  number_prefix="/BC-HTQT")
    find_paragraph(doc, "BÁO CÁO")
    assert_noi_nhan_and_signer(doc, title="PHÓ CỤC TRƯỞNG", name="Nguyễn Văn A", archive="HTQT")
    find_paragraph(doc, "KT. CỤC TRƯỞNG")
    text = full_text(doc)
    assert "Chưa bố trí được kinh phí." in text and "Bố trí kinh phí năm 2026." in text
    assert NO_ACCEPTED_REPORT not in text
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    rows = table_rows(doc.tables[-1])
    data = [r for r in rows[1:] if not r[1]]
    assert len(data) == 29  # one annex row per task
    assert data[0][2][3] == "Hoàn thành" and data[0][2][4] == "100%" and data[0][2][5] == "Đã tổ chức hội nghị."


def test_without_accepted_reports_the_report_says_so(plan):
    doc = open_docx(consolidated_report(selectors.consolidated_spec(plan)))
    assert NO_ACCEPTED_REPORT in full_text(doc)
    assert len([r for r in table_rows(doc.tables[-1])[1:] if not r[1]]) == 29


def test_grouping_by_lead_unit(make_plan):
    plan = make_plan(parsed=synthetic(6))
    doc = open_docx(consolidated_report(selectors.consolidated_spec(plan, grouping="lead")))
    text = full_text(doc)
    assert "Cục Di sản văn hóa" in text and "Nhóm 1" not in text.split("Phụ lục")[0]


def test_consolidated_spec_query_count_is_constant(make_plan, signed):
    small, large = make_plan(parsed=synthetic(10)), make_plan(parsed=synthetic(30))
    assert _queries(lambda: selectors.consolidated_spec(small)) == _queries(
        lambda: selectors.consolidated_spec(large))


def test_benchmark_runs_small(registry):
    figures = bench_consolidated(n_tasks=20, n_units=5, repeat=1)
    assert figures["tasks"] == 20 and figures["docx_bytes"] > 10000


# -- the coordinator's flow: edit texts, generate versions ---------------------------------------------------

ROLES = ["focal_a", "head_a", "focal_b", "head_b", "coordinator", "finance", "leader", "viewer"]


@pytest.mark.parametrize("role", ROLES)
def test_consolidation_page_is_for_the_coordinator(client, personas, plan, role):
    from django.urls import reverse

    client.force_login(getattr(personas, role))
    response = client.get(reverse("documents:consolidated", args=[plan.pk]))
    assert response.status_code == (200 if role == "coordinator" else 403)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert ('data-testid="documents-consolidated"' in page) == (role == "coordinator")


def test_coordinator_edits_texts_and_generates_versions(client, personas, plan, signed,
                                                        django_capture_on_commit_callbacks):
    from django.urls import reverse

    from kehoach.core.models import AuditEntry
    from kehoach.documents.models import ConsolidationDraft, GeneratedDocument

    client.force_login(personas.coordinator)
    url = reverse("documents:consolidated", args=[plan.pk])
    saved = client.post(url, {"grouping": "lead", "difficulties": "- Kinh phí hạn chế.\n\n• Nhân lực thiếu.",
                              "proposals": "Bố trí kinh phí <b>năm 2026</b>."})
    assert saved.status_code == 302 and GeneratedDocument.objects.count() == 0
    draft = ConsolidationDraft.objects.get()
    assert draft.paragraphs(draft.difficulties) == ["Kinh phí hạn chế.", "Nhân lực thiếu."]
    page = client.get(url).content.decode()
    assert "Nhân lực thiếu." in page and "&lt;b&gt;năm 2026&lt;/b&gt;" in page
    for expected_version in (1, 2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"grouping": "lead", "difficulties": draft.difficulties,
                                         "proposals": "Bố trí kinh phí năm 2026.", "generate": "1"},
                                   HTTP_HX_REQUEST="true")
        assert 'hx-trigger="every 1s"' in response.content.decode()  # the page polls the job
        document = GeneratedDocument.objects.order_by("-id").first()
        polled = client.get(document.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
        assert 'data-status="done"' in polled
        assert document.version == expected_version and document.options == {"grouping": "lead"}
    with document.file.open("rb") as fh:
        text = full_text(open_docx(fh.read()))
    assert "Nhân lực thiếu." in text and "Bố trí kinh phí năm 2026." in text
    assert AuditEntry.objects.filter(action="consolidation_draft_save").count() == 3
    # Leadership downloads it; a unit cannot.
    client.force_login(personas.leader)
    assert client.get(document.download_url).status_code == 200
    client.force_login(personas.focal_a)
    assert client.get(document.download_url).status_code == 404


def test_bad_input_is_named_and_nothing_is_saved(client, personas, plan):
    from django.urls import reverse

    from kehoach.documents.models import ConsolidationDraft, GeneratedDocument

    client.force_login(personas.coordinator)
    response = client.post(reverse("documents:consolidated", args=[plan.pk]),
                           {"grouping": "weird", "difficulties": "x" * 20001, "proposals": "", "generate": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "Cách trình bày không hợp lệ." in html
    assert "Phần khó khăn dài quá 20000 ký tự." in html
    assert ConsolidationDraft.objects.count() == 0 and GeneratedDocument.objects.count() == 0


def test_unit_member_cannot_generate_the_consolidated_report(plan, personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.consolidated_request(actor=personas.focal_a, plan=plan)
    with pytest.raises(PermissionDenied):
        services.consolidation_draft_save(actor=personas.leader, plan=plan, difficulties="x")


def test_report_command_writes_the_consolidated_report(plan, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "bc.docx"
    call_command("report", "consolidated", "--plan", str(plan.pk), "--group-by", "lead", "-o", str(out))
    doc = open_docx(out.read_bytes())
    assert_header(doc, parent="Bộ Văn hóa, Thể thao và Du lịch", issuer="Cục Hợp tác quốc tế",
                  number_prefix="/BC-HTQT")
    with pytest.raises(CommandError, match="Không có kế hoạch số 999"):
        call_command("report", "consolidated", "--plan", "999", "-o", str(out))
