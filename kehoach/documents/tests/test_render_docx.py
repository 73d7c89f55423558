"""What a reader of the generated Word documents would notice: page, fonts, header, body, annex, signature."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from kehoach.documents.render import (
    ConsolidatedSpec,
    Issuer,
    ReportFigures,
    TaskRow,
    consolidated_report,
    plan_document,
    unit_report,
    urging_letter,
)
from kehoach.documents.render.composers import NO_ACCEPTED_REPORT
from kehoach.documents.render.decree30 import date_line, document_number, format_percent, vn_date
from kehoach.documents.render.readback import (
    all_paragraphs,
    effective_bold,
    effective_font,
    effective_size,
    find_paragraph,
    full_text,
    mm,
    open_docx,
    paragraph_starting,
    table_rows,
)
from kehoach.documents.render.sample import (
    build_sample_consolidated,
    build_sample_plan,
    build_sample_unit_report,
    build_sample_urging,
)

A4 = (210, 297)


@pytest.fixture(scope="module")
def consolidated():
    spec = build_sample_consolidated()
    return spec, open_docx(consolidated_report(spec))


@pytest.fixture(scope="module")
def urging():
    spec = build_sample_urging()
    return spec, open_docx(urging_letter(spec))


@pytest.fixture(scope="module")
def plan():
    spec = build_sample_plan()
    return spec, open_docx(plan_document(spec))


ALL_DOCS = ["consolidated", "urging", "plan"]


# -- formats ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("date", "expected"), [
    (dt.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
    (dt.date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
    (dt.date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
    (dt.date(2025, 12, 14), "ngày 14 tháng 12 năm 2025"),
])
def test_date_has_leading_zeros_for_small_days_and_months_1_2(date, expected):
    assert vn_date(date) == expected


def test_date_line_has_configurable_place_and_blank_draft_date():
    assert date_line("Đà Nẵng", dt.date(2026, 2, 5)) == "Đà Nẵng, ngày 05 tháng 02 năm 2026"
    assert date_line("Hà Nội", None).startswith("Hà Nội, ngày      tháng      năm ")


@pytest.mark.parametrize(("number", "expected"), [
    (12, "Số: 12/BC-HTQT"),
    (5, "Số: 05/BC-HTQT"),
    ("7", "Số: 07/BC-HTQT"),
    (123, "Số: 123/BC-HTQT"),
    (None, "Số:      /BC-HTQT"),
    ("", "Số:      /BC-HTQT"),
])
def test_document_number(number, expected):
    assert document_number(number, "BC-HTQT") == expected


def test_percent_format():
    assert format_percent(75) == "75%"
    assert format_percent(33.5) == "33,5%"
    assert format_percent(None) == ""


# -- page -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_DOCS)
def test_pages_are_a4_with_decree_margins(name, request):
    _, doc = request.getfixturevalue(name)
    for section in doc.sections:
        size = sorted((round(mm(section.page_width)), round(mm(section.page_height))))
        assert tuple(size) == A4
        # Word stores twips: allow rounding of a value on a range's edge.
        assert 19.95 <= mm(section.top_margin) <= 25.05
        assert 19.95 <= mm(section.bottom_margin) <= 25.05
        assert 29.95 <= mm(section.left_margin) <= 35.05
        assert 14.95 <= mm(section.right_margin) <= 20.05
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert mm(doc.sections[0].page_width) < mm(doc.sections[0].page_height)


@pytest.mark.parametrize("name", ALL_DOCS)
def test_every_run_is_times_new_roman_in_every_script(name, request):
    _, doc = request.getfixturevalue(name)
    for p in all_paragraphs(doc):
        for run in p.runs:
            if run.text.strip():
                assert effective_font(run, p) == "Times New Roman", run.text
    # east-asian/complex-script slots too, so neither Word nor LibreOffice substitutes a font.
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    rfonts = defaults.find(qn("w:rFonts"))
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert rfonts.get(qn(f"w:{attr}")) == "Times New Roman"
    assert rfonts.get(qn("w:asciiTheme")) is None


# -- first page header -----------------------------------------------------------------------------------------


def test_header_boxes(consolidated):
    spec, doc = consolidated
    header = doc.tables[0]
    # Borderless two-column table.
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) == "nil" for b in borders)
    left, right = header.rows[0].cells
    parent, issuer = left.paragraphs[0], left.paragraphs[1]
    assert parent.text == "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    assert not effective_bold(parent.runs[0], parent)
    assert 12 <= effective_size(parent.runs[0], parent) <= 13
    assert issuer.text == "CỤC HỢP TÁC QUỐC TẾ"
    assert effective_bold(issuer.runs[0], issuer)
    assert 12 <= effective_size(issuer.runs[0], issuer) <= 13
    # A short rule under the issuing body: a border paragraph narrower than the column.
    rule = left.paragraphs[2]
    assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")) is not None
    assert mm(rule.paragraph_format.left_indent) > 10

    republic, motto, motto_rule = right.paragraphs[:3]
    assert republic.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert effective_bold(republic.runs[0], republic) and 12 <= effective_size(republic.runs[0], republic) <= 13
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert effective_bold(motto.runs[0], motto) and 13 <= effective_size(motto.runs[0], motto) <= 14
    assert motto_rule._p.pPr.find(qn("w:pBdr")) is not None
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in (republic, motto))

    number, date = header.rows[1].cells[0].paragraphs[0], header.rows[1].cells[1].paragraphs[0]
    assert number.text == "Số: 12/BC-HTQT"
    assert effective_size(number.runs[0], number) == 13
    assert date.text == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert date.runs[0].font.italic and 13 <= effective_size(date.runs[0], date) <= 14


def test_kind_and_subject_bold_centred(consolidated):
    _, doc = consolidated
    kind = find_paragraph(doc, "BÁO CÁO")
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert effective_bold(kind.runs[0], kind) and 13 <= effective_size(kind.runs[0], kind) <= 14
    subject = paragraph_starting(doc, "Tình hình thực hiện Kế hoạch")
    assert subject.text.endswith("năm 2025")
    assert effective_bold(subject.runs[0], subject) and subject.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_unsigned_draft_leaves_number_and_date_blank():
    spec = dataclasses.replace(build_sample_consolidated(), number=None, date=None)
    doc = open_docx(consolidated_report(spec))
    cells = doc.tables[0].rows[1].cells
    assert cells[0].paragraphs[0].text == "Số:      /BC-HTQT"
    assert cells[1].paragraphs[0].text.startswith("Hà Nội, ngày      tháng      năm ")
    assert "(Kèm theo Báo cáo số      /BC-HTQT ngày      tháng" in full_text(doc)


# -- body ----------------------------------------------------------------------------------------------------


def test_body_paragraph_format(consolidated):
    _, doc = consolidated
    p = paragraph_starting(doc, "Thực hiện Kế hoạch")
    pf, style_pf = p.paragraph_format, p.style.paragraph_format
    assert (pf.alignment or style_pf.alignment) == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 10 <= mm(pf.first_line_indent or style_pf.first_line_indent) <= 12.8
    assert (pf.space_after or style_pf.space_after).pt >= 6
    assert 1.0 <= (pf.line_spacing or style_pf.line_spacing) <= 1.5
    assert 13 <= effective_size(p.runs[0], p) <= 14


def test_sections_headings_and_figures(consolidated):
    spec, doc = consolidated
    text = full_text(doc)
    for heading in ("I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
                    "III. CÁC NHIỆM VỤ CHẬM TIẾN ĐỘ, ĐỀ XUẤT ĐIỀU CHỈNH", "IV. KHÓ KHĂN, VƯỚNG MẮC",
                    "V. ĐỀ XUẤT, KIẾN NGHỊ"):
        p = find_paragraph(doc, heading)
        assert effective_bold(p.runs[0], p)
    f = spec.figures
    assert f"Kế hoạch có {f.tasks_total} nhiệm vụ" in text
    assert f"{f.completed} nhiệm vụ đã hoàn thành" in text
    assert f"{f.units_missing} đơn vị chưa gửi báo cáo" in text
    assert spec.difficulties[0] in text and spec.proposals[1] in text
    assert NO_ACCEPTED_REPORT not in text
    # Grouped by the plan's groups, their own numbering replaced by ours.
    find_paragraph(doc, "1. Tuyên truyền, phổ biến và nâng cao nhận thức về hội nhập quốc tế")
    assert "Nhiệm vụ số 30:" in text


def test_grouping_by_lead_unit():
    spec = dataclasses.replace(build_sample_consolidated(), grouping="lead")
    doc = open_docx(consolidated_report(spec))
    headings = [p.text for p in all_paragraphs(doc) if p.style.name == "KH Heading"]
    assert any(h.endswith(". Cục Hợp tác quốc tế") for h in headings)
    assert any(h.endswith(". Vụ Kế hoạch, Tài chính") for h in headings)


def test_no_accepted_report_is_said_plainly_and_annex_still_lists_tasks():
    base = build_sample_consolidated()
    spec = dataclasses.replace(base, figures=ReportFigures(tasks_total=30, units_total=15, units_missing=15),
                               flagged=[])
    doc = open_docx(consolidated_report(spec))
    assert NO_ACCEPTED_REPORT in full_text(doc)
    data_rows = [r for r in table_rows(doc.tables[-1]) if not r[0] and not r[1]]
    assert len(data_rows) == len(base.rows)


# -- signature and distribution ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_DOCS)
def test_noi_nhan_and_signature_block(name, request):
    spec, doc = request.getfixturevalue(name)
    head = find_paragraph(doc, "Nơi nhận:")
    run = head.runs[0]
    assert run.font.bold and run.font.italic and effective_size(run, head) == 12
    cell_paragraphs = head._parent.paragraphs if hasattr(head._parent, "paragraphs") else None
    lines = [p for p in all_paragraphs(doc) if p.text.startswith("- ") and effective_size(p.runs[0], p) == 11]
    assert lines, "recipient list in 11 pt"
    assert lines[-1].text.startswith("- Lưu: VT, HTQT") and lines[-1].text.endswith(".")
    assert all(p.text.endswith(";") for p in lines[:-1])
    del cell_paragraphs
    signer = spec.signer
    title = find_paragraph(doc, signer.title)
    assert effective_bold(title.runs[0], title) and title.text == title.text.upper()
    if signer.authority:
        find_paragraph(doc, signer.authority)
    name_p = find_paragraph(doc, signer.name)
    assert effective_bold(name_p.runs[0], name_p)
    assert name_p.paragraph_format.space_before.pt >= 48  # room for the signature


# -- page numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_DOCS)
def test_page_number_from_page_two(name, request):
    _, doc = request.getfixturevalue(name)
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    header = section.header._element
    instr = "".join(t.text for t in header.iter(qn("w:instrText")))
    assert "PAGE" in instr
    para = section.header.paragraphs[0]
    assert para.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in "".join(t.text or "" for t in section.first_page_header._element.iter(qn("w:instrText")))


# -- annexes -----------------------------------------------------------------------------------------------


def test_consolidated_annex_is_landscape_with_repeating_header(consolidated):
    spec, doc = consolidated
    annex = doc.sections[-1]
    assert len(doc.sections) == 2
    assert annex.orientation == WD_ORIENT.LANDSCAPE and mm(annex.page_width) > mm(annex.page_height)
    assert annex._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"  # numbered on its own
    assert annex.different_first_page_header_footer
    find_paragraph(doc, "Phụ lục")
    find_paragraph(doc, "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ NĂM 2025")
    find_paragraph(doc, "(Kèm theo Báo cáo số 12/BC-HTQT ngày 05 tháng 02 năm 2026 của Cục Hợp tác quốc tế)")
    rows = table_rows(doc.tables[-1])
    header, *body = rows
    assert header[0] and header[2] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Tình trạng", "% hoàn thành", "Kết quả"]
    data = [r for r in body if not r[1]]
    groups = [r for r in body if r[1]]
    assert len(data) == len(spec.rows)
    assert [r[2][0] for r in data] == [str(r.ref) for r in spec.rows]
    assert len(groups) == 3 and groups[0][2][0].startswith("I. ")
    first = spec.rows[0]
    assert data[0][2][1] == first.title and data[0][2][4] == format_percent(first.percent)


def test_plan_document_annex_columns_and_group_rows(plan):
    spec, doc = plan
    find_paragraph(doc, "KẾ HOẠCH")
    find_paragraph(doc, "I. MỤC TIÊU, YÊU CẦU")
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    rows = table_rows(doc.tables[-1])
    assert rows[0][2] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm/Kết quả",
                          "Thời gian thực hiện"]
    assert rows[0][0]
    spans = [r for r in rows if r[1]]
    assert len(spans) == 3
    tr = doc.tables[-1]._tbl.findall(qn("w:tr"))[1]
    assert tr.find(qn("w:tc") + "/" + qn("w:tcPr") + "/" + qn("w:gridSpan")).get(qn("w:val")) == "6"
    data = [r for r in rows[1:] if not r[1]]
    assert len(data) == len(spec.rows)
    # Unit names with commas survive: "; " separates units.
    assert any("Vụ Pháp chế" in r[2][3] and "; " in r[2][3] for r in data)


def test_unit_report():
    spec = build_sample_unit_report()
    doc = open_docx(unit_report(spec))
    text = full_text(doc)
    assert doc.tables[0].rows[1].cells[0].paragraphs[0].text == "Số: 07/BC-DSVH"
    assert doc.tables[0].rows[1].cells[1].paragraphs[0].text == "Hà Nội, ngày 09 tháng 01 năm 2026"
    assert "Kính gửi: Cục Hợp tác quốc tế." in text
    for entry in spec.entries:
        assert entry.title in text
    assert "hoàn thành 60%" in text and "Sản phẩm: Báo cáo chuyên đề; Cơ sở dữ liệu số." in text
    assert spec.proposals[0] in text


def test_urging_letter_is_a_cong_van(urging):
    spec, doc = urging
    left = doc.tables[0].rows[1].cells[0]
    assert left.paragraphs[0].text == "Số: 05/BVHTTDL-HTQT"
    vv = left.paragraphs[1]
    assert vv.text.startswith("V/v đôn đốc báo cáo tình hình thực hiện Kế hoạch")
    assert 12 <= effective_size(vv.runs[0], vv) <= 13
    texts = [p.text for p in all_paragraphs(doc)]
    assert "BÁO CÁO" not in texts and "CÔNG VĂN" not in texts
    assert "Kính gửi:" in texts
    assert "- Cục Điện ảnh;" in texts and "- Cục Du lịch Quốc gia Việt Nam." in texts
    text = full_text(doc)
    for unit in spec.units:
        for task in unit.tasks:
            assert f"Nhiệm vụ số {task.ref}: {task.title}" in text
    assert "trước ngày 10 tháng 02 năm 2026" in text
    find_paragraph(doc, "- Như trên;")


# -- robustness --------------------------------------------------------------------------------------------

NASTY = 'Tên & <b>"đặc biệt"</b> \'x\' \x00\x01\x0b\x0c\x1f\ufffe emoji 🎉👩‍👩‍👧 đ\r\nxuống dòng'


def _nasty_rows(n=3):
    units = [f"Đơn vị {i}, phòng {i} & <{i}>" for i in range(300)]
    rows = [TaskRow(ref=None, title="Nhiệm vụ " + "rất dài " * 700, group=None, lead=units, coordinating=None,
                    products=None, timeframe=None, status=None, percent=None, result=None)]
    rows += [TaskRow(ref=i, title=NASTY, group=NASTY if i % 2 else "", lead=NASTY, percent=12.5) for i in range(n)]
    rows.append(TaskRow(ref="", title=""))
    return rows


def _assert_clean(doc):
    text = full_text(doc)
    assert "\x00" not in text and "\x0b" not in text and "\ufffe" not in text
    return text


def test_robust_consolidated_report():
    spec = ConsolidatedSpec(
        issuer=Issuer(name=NASTY, parent_name="", short_code="", place=""),
        plan_title=NASTY, period_label=None, rows=_nasty_rows(), grouping="lead",
        difficulties=[NASTY, "", None], proposals=[None], recipients=[NASTY, "", None],
        signer=None, date=None, number=None,
    )
    doc = open_docx(consolidated_report(spec))
    text = _assert_clean(doc)
    assert "🎉" in text and '<b>"đặc biệt"</b>' in text and "& " in text
    long_title = "Nhiệm vụ " + "rất dài " * 700
    assert long_title.strip() in text
    data = [r for r in table_rows(doc.tables[-1]) if not r[0] and not r[1]]
    assert len(data) == len(spec.rows)
    assert data[0][2][2].count("; ") == 299


def test_robust_with_grouping_by_group_and_accepted_reports():
    spec = ConsolidatedSpec(issuer=Issuer(name="X"), plan_title="", period_label="", rows=_nasty_rows(),
                            figures=ReportFigures(reports_accepted=1))
    _assert_clean(open_docx(consolidated_report(spec)))
    empty = ConsolidatedSpec(issuer=Issuer(name=""), plan_title="", period_label="",
                             figures=ReportFigures(reports_accepted=1))
    doc = open_docx(consolidated_report(empty))
    assert "Kế hoạch chưa có nhiệm vụ." in full_text(doc)


def test_robust_other_documents():
    from kehoach.documents.render import (
        OwedTask,
        OwedUnit,
        PlanSection,
        PlanSpec,
        UnitReportSpec,
        UnitTaskEntry,
        UrgingSpec,
    )

    issuer = Issuer(name=NASTY, parent_name=NASTY, short_code=NASTY, place=NASTY)
    doc = open_docx(unit_report(UnitReportSpec(
        issuer=issuer, plan_title=NASTY, period_label=NASTY, kinh_gui=[NASTY, NASTY],
        entries=[UnitTaskEntry(ref=None, title=NASTY * 50, role=None, products=[NASTY, None], note=NASTY)],
    )))
    _assert_clean(doc)
    doc = open_docx(urging_letter(UrgingSpec(
        issuer=issuer, plan_title=NASTY, period_label=None,
        units=[OwedUnit(name=NASTY, tasks=[OwedTask(ref=None, title=NASTY)]), OwedUnit(name="", tasks=[]),
               OwedUnit(name="Cục Y", tasks=[])],
    )))
    _assert_clean(doc)
    doc = open_docx(plan_document(PlanSpec(
        issuer=issuer, title=NASTY, kind="", intro=[None, NASTY],
        sections=[PlanSection(heading=NASTY, paragraphs=[NASTY, None], children=[PlanSection()])],
        rows=_nasty_rows(),
    )))
    _assert_clean(doc)
    # With no tasks there is no annex section.
    doc = open_docx(plan_document(PlanSpec(issuer=Issuer(name="Bộ Y tế"), title="")))
    assert len(doc.sections) == 1


def test_noi_nhan_sits_beside_the_signature_in_a_borderless_table(consolidated):
    spec, doc = consolidated
    table = doc.tables[-2]  # the last table before the annex table
    left, right = table.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert [p.text for p in right.paragraphs][:2] == ["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"]
    assert right.paragraphs[-1].text == spec.signer.name
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) == "nil" for b in borders)


def test_decomposed_vietnamese_is_normalised_to_nfc():
    import unicodedata

    title = unicodedata.normalize("NFD", "Tổ chức Hội nghị hợp tác quốc tế")
    spec = dataclasses.replace(build_sample_consolidated(), rows=[TaskRow(ref=1, title=title)])
    text = full_text(open_docx(consolidated_report(spec)))
    assert unicodedata.normalize("NFC", title) in text and title not in text


def test_urging_letter_with_300_units():
    from kehoach.documents.render import OwedTask, OwedUnit

    units = [OwedUnit(name=f"Đơn vị {i}, khối {i}", tasks=[OwedTask(ref=i, title=f"Nhiệm vụ {i}")])
             for i in range(300)]
    spec = dataclasses.replace(build_sample_urging(), units=units)
    texts = [p.text for p in all_paragraphs(open_docx(urging_letter(spec)))]
    # So many units are not listed under Kính gửi: each has one line (names with commas kept whole).
    assert any(t.startswith("Kính gửi") and "danh sách dưới đây" in t for t in texts)
    assert "1. Đơn vị 0, khối 0: nhiệm vụ số 0;" in texts and "300. Đơn vị 299, khối 299: nhiệm vụ số 299." in texts
    small = dataclasses.replace(build_sample_urging(), units=units[:3])
    texts = [p.text for p in all_paragraphs(open_docx(urging_letter(small)))]
    assert "- Đơn vị 0, khối 0;" in texts and "- Đơn vị 2, khối 2." in texts


def test_benchmark_runs_small():
    from kehoach.documents.render.bench import run_benchmark

    result = run_benchmark(n_tasks=20, n_units=5, repeat=1)
    assert result["n_tasks"] == 20 and result["docx_bytes"] > 10_000 and result["docx_best_s"] > 0


def test_plan_issued_with_a_decision_cites_the_decision(plan):
    spec, doc = plan
    assert len(doc.tables[0].rows) == 1  # no number/date of its own
    find_paragraph(doc, "(Kèm theo Quyết định số      /QĐ-BVHTTDL ngày      tháng      năm 2025 "
                        "của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch)")


def test_standalone_plan_has_number_and_cites_itself():
    spec = dataclasses.replace(build_sample_plan(), attached_to="", number=3, date=dt.date(2026, 4, 1))
    doc = open_docx(plan_document(spec))
    assert doc.tables[0].rows[1].cells[0].paragraphs[0].text == "Số: 03/KH-BVHTTDL"
    assert doc.tables[0].rows[1].cells[1].paragraphs[0].text == "Hà Nội, ngày 01 tháng 4 năm 2026"
    find_paragraph(doc, "(Kèm theo Kế hoạch số 03/KH-BVHTTDL ngày 01 tháng 4 năm 2026 của Bộ Văn hóa, Thể thao và Du lịch)")


def test_annex_cells_keep_paragraphs_line_breaks_tabs_and_spaces():
    """A unit's text in a table cell reads in Word as written: a blank line starts a paragraph, a newline
    breaks the line, a tab stays a tab, a line's leading spaces stay; a group row is bold and spans the table."""
    import io

    from docx import Document

    from kehoach.documents.render.decree30.document import Decree30Document, GroupRow

    doc = Decree30Document()
    doc.grid_table([("TT", 10), ("Nội dung", 60)],
                   [GroupRow("I. Nhóm một"), ["1", "Dòng một\nDòng hai\n\nĐoạn hai:\tcó tab"], ["2", "Mục:\n  thụt lề"]],
                   center_cols=(0,))
    table = Document(io.BytesIO(doc.to_bytes())).tables[-1]
    group, first, second = table.rows[1], table.rows[2], table.rows[3]
    assert group.cells[0].text == "I. Nhóm một" and len(group._tr.tc_lst) == 1
    assert all(r.bold for p in group.cells[0].paragraphs for r in p.runs)
    assert [p.text for p in first.cells[1].paragraphs] == ["Dòng một\nDòng hai", "Đoạn hai:\tcó tab"]
    assert first.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert first.cells[1].paragraphs[0].alignment is None
    assert second.cells[1].paragraphs[0].text == "Mục:\n  thụt lề"
    assert second.cells[1]._tc.xpath(".//w:t")[-1].get(qn("xml:space")) == "preserve"  # or Word drops them
