"""Plan exports generated from the database: stored versions, DOCX layout, XLSX columns, JSON, failures."""

from __future__ import annotations

import io
import json

import pytest
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from kehoach.core.models import AuditEntry
from kehoach.documents import services
from kehoach.documents.choices import DocumentKind, DocumentStatus
from kehoach.documents.models import GeneratedDocument
from kehoach.documents.render.readback import find_paragraph, open_docx, table_rows
from kehoach.organizations.selectors import organization_by_name
from kehoach.plans.selectors import current_tasks

from .docx_checks import assert_header, assert_noi_nhan_and_signer, assert_page_and_fonts

pytestmark = pytest.mark.django_db


def _read(document: GeneratedDocument) -> bytes:
    with document.file.open("rb") as fh:
        return fh.read()


def test_each_generation_is_a_new_stored_version(plan, personas):
    first = services.document_generate_now(actor=personas.viewer, plan=plan, kind=DocumentKind.PLAN_XLSX)
    second = services.document_generate_now(actor=personas.coordinator, plan=plan, kind=DocumentKind.PLAN_XLSX)
    other_kind = services.document_generate_now(actor=None, plan=plan, kind=DocumentKind.PLAN_JSON)
    assert (first.version, second.version, other_kind.version) == (1, 2, 1)
    assert first.status == second.status == DocumentStatus.DONE
    assert first.file.name != second.file.name and _read(first)
    assert second.created_by == personas.coordinator and second.filename.endswith("-plan_xlsx-v2.xlsx")
    assert GeneratedDocument.objects.count() == 3
    actions = set(AuditEntry.objects.filter(object_id=str(first.pk)).values_list("action", flat=True))
    assert {"document_request", "document_generated"} <= actions


def test_background_job_runs_and_stores_the_file(plan, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_request(actor=personas.focal_a, plan=plan, kind=DocumentKind.PLAN_DOCX)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE and document.size == len(_read(document))


def test_running_a_claimed_document_again_does_nothing(plan):
    document = services.document_generate_now(actor=None, plan=plan, kind=DocumentKind.PLAN_JSON)
    name = document.file.name
    again = services.document_generate(document_id=document.pk)
    assert again.file.name == name and again.status == DocumentStatus.DONE


def test_a_failure_is_recorded_not_raised(plan, monkeypatch):
    def boom(_plan):
        raise RuntimeError("disk full")

    monkeypatch.setitem(services.PLAN_BUILDERS, DocumentKind.PLAN_XLSX, boom)
    document = services.document_generate_now(actor=None, plan=plan, kind=DocumentKind.PLAN_XLSX)
    assert document.status == DocumentStatus.FAILED and "RuntimeError" in document.message
    assert not document.file


def test_plan_docx_follows_decree_30(plan, personas):
    document = services.document_generate_now(actor=None, plan=plan, kind=DocumentKind.PLAN_DOCX)
    doc = open_docx(_read(document))
    assert_page_and_fonts(doc)
    # A plan issued with a decision: no number of its own, cites the decision under the title.
    assert_header(doc, parent="", issuer="Bộ Văn hóa, Thể thao và Du lịch", number_prefix="", dated=False)
    find_paragraph(doc, "KẾ HOẠCH")
    assert any(p.text.startswith("(Kèm theo Quyết định số") for p in doc.paragraphs)
    assert_noi_nhan_and_signer(doc, title=plan.signer_title or "", name=plan.signer, archive="BVHTTDL")
    annex = doc.sections[-1]
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    rows = table_rows(doc.tables[-1])
    assert rows[0][2] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm/Kết quả",
                          "Thời gian thực hiện"]
    data = [r for r in rows[1:] if not r[1]]
    tasks = list(current_tasks(plan))
    assert len(data) == len(tasks) == 29  # one annex row per task
    assert [r[2][1] for r in data] == [t.title for t in tasks]


def test_issuer_names_code_and_place_come_from_the_registry(activities_plan):
    plan = activities_plan
    ministry = organization_by_name("Bộ Văn hóa, Thể thao và Du lịch")
    ministry.place = "Thành phố Huế"
    ministry.save()
    document = services.document_generate_now(actor=None, plan=plan, kind=DocumentKind.PLAN_DOCX)
    doc = open_docx(_read(document))
    assert_header(doc, parent="", issuer="Bộ Văn hóa, Thể thao và Du lịch", number_prefix="/KH-BVHTTDL",
                  place="Thành phố Huế")


def test_plan_xlsx_has_the_appendix_columns_and_state(plan):
    document = services.document_generate_now(actor=None, plan=plan, kind=DocumentKind.PLAN_XLSX)
    ws = load_workbook(io.BytesIO(_read(document))).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    header = next(r for r in values if r and r[0] == "TT")
    assert list(header[:6]) == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm/Kết quả",
                                "Thời gian thực hiện"]
    assert "Tình trạng" in header
    tasks = [r for r in values[values.index(header) + 1:] if r[0] not in (None, "")]
    assert len(tasks) == 29 and tasks[0][6] == "Chưa triển khai"


def test_activities_xlsx_lists_partners_and_funding(activities_plan):
    document = services.document_generate_now(actor=None, plan=activities_plan, kind=DocumentKind.ACTIVITIES_XLSX)
    ws = load_workbook(io.BytesIO(_read(document))).active
    rows = [r for r in ws.iter_rows(values_only=True)]
    first = next(r for r in rows if r and r[1] and str(r[1]).startswith("Tổ chức các lớp học đào tạo"))
    assert "Hàn Quốc" in first[2] and "nguồn thu" in first[4] and "Trường Cao đẳng Du lịch Hà Nội" in first[5]


def test_plan_json_is_the_gold_shape(plan):
    document = services.document_generate_now(actor=None, plan=plan, kind=DocumentKind.PLAN_JSON)
    data = json.loads(_read(document))
    assert len(data["tasks"]) == 29 and data["document"]["coordinator"] == "Cục Hợp tác quốc tế"


def test_unusual_and_very_long_texts_never_crash(plan):
    task = current_tasks(plan).first()
    task.title = "=SUM(A1)\x07 <b>&amp;</b> " + "Rất dài " * 2000 + "\u0301\ufffe"
    task.group = "  "
    task.save()
    plan.title = ""
    plan.save()
    for kind in (DocumentKind.PLAN_DOCX, DocumentKind.PLAN_XLSX, DocumentKind.ACTIVITIES_XLSX,
                 DocumentKind.PLAN_JSON):
        document = services.document_generate_now(actor=None, plan=plan, kind=kind)
        assert document.status == DocumentStatus.DONE, document.message


def test_signature_profile_is_coordinator_only_and_audited(registry, personas):
    from django.core.exceptions import PermissionDenied

    unit = personas.coordinator.unit
    with pytest.raises(PermissionDenied):
        services.signature_profile_set(actor=personas.focal_a, organization=unit, title="Cục trưởng", name="A")
    profile = services.signature_profile_set(actor=personas.coordinator, organization=unit,
                                             authority="KT. CỤC TRƯỞNG", title="PHÓ CỤC TRƯỞNG", name="Nguyễn Văn A")
    profile = services.signature_profile_set(actor=personas.coordinator, organization=unit,
                                             authority="", title="CỤC TRƯỞNG", name="Trần Thị B")
    entry = AuditEntry.objects.filter(action="signature_profile_set").order_by("-id").first()
    assert entry.before["name"] == "Nguyễn Văn A" and entry.after["name"] == "Trần Thị B"
    assert profile.title == "CỤC TRƯỞNG"
