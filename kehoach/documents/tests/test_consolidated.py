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
