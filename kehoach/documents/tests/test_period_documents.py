"""Documents of a reporting period: consolidated report from the accepted reports, unit report, urging letter,
matrix; who may generate and download them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kehoach.documents import selectors, services
from kehoach.documents.choices import DocumentKind, DocumentStatus
from kehoach.documents.render import consolidated_report
from kehoach.documents.render.composers import NO_ACCEPTED_REPORT
from kehoach.documents.render.readback import full_text, open_docx, table_rows

from .docx_checks import assert_header, assert_noi_nhan_and_signer, assert_page_and_fonts

pytestmark = pytest.mark.django_db


def _read(document) -> bytes:
    with document.file.open("rb") as fh:
        return fh.read()


def test_period_figures_and_texts_come_from_the_reports(period, personas):
    inputs = selectors.period_report_inputs(period)
    assert (inputs.units_total, inputs.units_on_time, inputs.units_late, inputs.units_missing) == (3, 1, 1, 1)
    assert inputs.reports_accepted == 1
    assert inputs.difficulties == ["Cục Di sản văn hóa: Kinh phí hạn chế."]  # only accepted reports
    assert inputs.proposals == ["Cục Di sản văn hóa: Bổ sung kinh phí năm 2026."]


def test_consolidated_report_for_a_period(period, personas):
    services.signature_profile_set(actor=None, organization=personas.coordinator.unit, authority="KT. CỤC TRƯỞNG",
                                   title="PHÓ CỤC TRƯỞNG", name="Nguyễn Văn A")
    document = services.period_document_request(actor=personas.coordinator, period=period,
                                                kind=DocumentKind.CONSOLIDATED_REPORT, grouping="lead", enqueue=False)
    document = services.document_generate(document_id=document.pk)
    assert document.status == DocumentStatus.DONE, document.message
    assert document.period == period and document.options == {"grouping": "lead"}
    doc = open_docx(_read(document))
    assert_page_and_fonts(doc)
    assert_header(doc, parent="Bộ Văn hóa, Thể thao và Du lịch", issuer="Cục Hợp tác quốc tế",
                  number_prefix="/BC-HTQT")
    assert_noi_nhan_and_signer(doc, title="PHÓ CỤC TRƯỞNG", name="Nguyễn Văn A", archive="HTQT")
    text = full_text(doc)
    assert "năm 2025" in text and "Đã tổ chức 3 hội nghị quán triệt." in text
    assert "Chưa bố trí được kinh phí." in text  # the late task's explanation
    assert "Cục Di sản văn hóa: Kinh phí hạn chế." in text
    assert "Không được nêu khi chưa tiếp nhận." not in text
    data = [r for r in table_rows(doc.tables[-2])[1:] if not r[1]]  # Phụ lục I (Phụ lục II: by status class)
    assert len(data) == 29
    assert data[0][2][3:6] == ["Hoàn thành", "100%", "Đã tổ chức 3 hội nghị quán triệt."]
    assert data[1][2][3] == "Chậm tiến độ"


def test_coordinator_edits_override_the_merged_texts(period, personas):
    services.consolidation_draft_save(actor=personas.coordinator, plan=period.plan, period_id=period.pk,
                                      difficulties="Khó khăn đã biên tập.", proposals="")
    spec = selectors.consolidated_spec(period.plan, inputs=selectors.period_inputs(period.plan, period.pk))
    assert spec.difficulties == ["Khó khăn đã biên tập."] and spec.proposals == []


def test_a_period_without_accepted_reports_says_so(period):
    from kehoach.reporting.models import UnitReport

    UnitReport.objects.filter(period=period).update(state="submitted")
    spec = selectors.consolidated_spec(period.plan, inputs=selectors.period_inputs(period.plan, period.pk))
    text = full_text(open_docx(consolidated_report(spec)))
    assert NO_ACCEPTED_REPORT in text


def test_unit_report_for_a_period(period, personas):
    document = services.period_document_request(actor=personas.focal_a, period=period,
                                                kind=DocumentKind.UNIT_REPORT, unit=personas.unit_a, enqueue=False)
    document = services.document_generate(document_id=document.pk)
    doc = open_docx(_read(document))
    assert_page_and_fonts(doc)
    assert_header(doc, parent="Bộ Văn hóa, Thể thao và Du lịch", issuer="Cục Di sản văn hóa",
                  number_prefix="/BC-DSVH")
    text = full_text(doc)
    assert "Đã tổ chức 3 hội nghị quán triệt." in text and "Kinh phí hạn chế." in text
    assert text.count("Nhiệm vụ số") >= 4 or "phối hợp" in text  # 3 led + 1 co-ordinated


def test_urging_letter_goes_to_units_that_have_not_sent(period, personas):
    from kehoach.reporting.models import Obligation, UnitReport

    # The coordinating department has not sent its own report either, but it is the letter's sender.
    assert [u.name for u in selectors.period_urging_spec(period).units] == []
    late_unit = personas.finance.unit
    Obligation.objects.create(period=period, unit=late_unit, task=period.obligations.first().task, role="lead")
    UnitReport.objects.create(period=period, unit=late_unit)
    spec = selectors.period_urging_spec(period)
    assert [u.name for u in spec.units] == ["Vụ Kế hoạch, Tài chính"]
    for round_ in (1, 2):
        document = services.period_document_request(actor=personas.coordinator, period=period,
                                                    kind=DocumentKind.URGING_LETTER, enqueue=False)
        document = services.document_generate(document_id=document.pk)
        text = full_text(open_docx(_read(document)))
        assert "V/v đôn đốc gửi báo cáo năm 2025 thực hiện Kế hoạch về" in text and f"(lần {round_})" in text
        assert "Kính gửi: Vụ Kế hoạch, Tài chính" in text.replace("\n", " ") or "Vụ Kế hoạch, Tài chính" in text
    assert "đã đôn đốc lần 1" in text
    # Generating the file again later gives the same letter: the round is stored with the document.
    again = services.document_generate(document_id=services.document_requeue(document_id=document.pk) or document.pk)
    assert again.options["rounds"] == {str(late_unit.pk): 2}


def test_matrix_lists_units_by_report_state(period, personas):
    document = services.period_document_request(actor=personas.coordinator, period=period,
                                                kind=DocumentKind.MATRIX_XLSX, enqueue=False)
    document = services.document_generate(document_id=document.pk)
    ws = load_workbook(io.BytesIO(_read(document))).active
    rows = [r for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "STT")
    unit_a = next(r for r in rows if r and r[1] == "Cục Di sản văn hóa")
    assert unit_a[header.index("Đã tiếp nhận")] == 1 and unit_a[header.index("Số nhiệm vụ chủ trì")] == 3
    missing = next(r for r in rows if r and r[1] == "Cục Hợp tác quốc tế")
    assert missing[header.index("Đang soạn")] == 1 and missing[header.index("Số nhiệm vụ chủ trì")] == 1


@pytest.mark.parametrize("role,allowed", [("focal_a", True), ("head_a", True), ("focal_b", False),
                                          ("finance", False), ("viewer", False), ("leader", True),
                                          ("coordinator", True)])
def test_who_may_generate_unit_a_report(period, personas, role, allowed):
    from django.core.exceptions import PermissionDenied

    actor = getattr(personas, role)
    if allowed:
        services.period_document_request(actor=actor, period=period, kind=DocumentKind.UNIT_REPORT,
                                         unit=personas.unit_a, enqueue=False)
    else:
        with pytest.raises(PermissionDenied):
            services.period_document_request(actor=actor, period=period, kind=DocumentKind.UNIT_REPORT,
                                             unit=personas.unit_a, enqueue=False)


@pytest.mark.parametrize("kind", [DocumentKind.URGING_LETTER, DocumentKind.MATRIX_XLSX,
                                  DocumentKind.CONSOLIDATED_REPORT])
def test_period_wide_documents_are_for_the_coordinator(period, personas, kind):
    from django.core.exceptions import PermissionDenied

    for role in ("focal_a", "leader", "finance", "viewer"):
        with pytest.raises(PermissionDenied):
            services.period_document_request(actor=getattr(personas, role), period=period, kind=kind,
                                             enqueue=False)


def test_period_selectors_query_count_is_constant(period, personas):
    from kehoach.plans.selectors import current_tasks
    from kehoach.reporting.models import Obligation, ReportingPeriod

    from .test_selectors import _queries

    def fresh():
        return ReportingPeriod.objects.select_related("plan", "plan__coordinator").get(pk=period.pk)

    before = [_queries(lambda: selectors.period_report_inputs(fresh())),
              _queries(lambda: selectors.period_matrix_sheet(fresh()))]
    for task in list(current_tasks(period.plan))[6:20]:
        Obligation.objects.create(period=period, unit=personas.unit_b, task=task, role="lead")
    after = [_queries(lambda: selectors.period_report_inputs(fresh())),
             _queries(lambda: selectors.period_matrix_sheet(fresh()))]
    assert before == after


def test_report_commands_for_a_period(period, personas, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "bc.docx"
    call_command("report", "consolidated", "--plan", str(period.plan_id), "--period", str(period.pk),
                 "--group-by", "group", "-o", str(out))
    assert "Đã tổ chức 3 hội nghị quán triệt." in full_text(open_docx(out.read_bytes()))
    unit_out = tmp_path / "unit.docx"
    call_command("report", "unit", "--period", str(period.pk), "--unit", str(personas.unit_a.pk), "-o", str(unit_out))
    assert_header(open_docx(unit_out.read_bytes()), parent="Bộ Văn hóa, Thể thao và Du lịch",
                  issuer="Cục Di sản văn hóa", number_prefix="/BC-DSVH")
    with pytest.raises(CommandError, match="không có nhiệm vụ phải báo cáo"):
        call_command("report", "unit", "--period", str(period.pk), "--unit", str(personas.finance.unit.pk),
                     "-o", str(unit_out))
    with pytest.raises(CommandError, match="Không có kỳ báo cáo số 4242"):
        call_command("report", "unit", "--period", "4242", "--unit", "1", "-o", str(unit_out))


def test_urging_download_names_the_same_units_as_kehoach_urge(period, personas, tmp_path):
    from django.core.management import call_command

    from kehoach.reporting.models import Obligation, UnitReport
    from kehoach.reporting.selectors import urging_letter_data

    late_unit = personas.finance.unit  # the coordinating department, also unsent, is the sender: never urged
    Obligation.objects.create(period=period, unit=late_unit, task=period.obligations.first().task, role="lead")
    UnitReport.objects.create(period=period, unit=late_unit)
    spec = selectors.period_urging_spec(period)
    theirs = [u["unit"] for u in urging_letter_data(period)["units"]]
    assert [u.name for u in spec.units] == theirs == ["Vụ Kế hoạch, Tài chính"]
    out = tmp_path / "urge.docx"
    call_command("urge", "--period", str(period.pk), "-o", str(out))
    ours = full_text(open_docx(services.document_bytes(services.period_document_request(
        actor=None, period=period, kind=DocumentKind.URGING_LETTER, enqueue=False))))
    assert "Vụ Kế hoạch, Tài chính" in full_text(open_docx(out.read_bytes())) and "Vụ Kế hoạch, Tài chính" in ours
