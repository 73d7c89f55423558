"""Checks every generated Decree 30 document must pass (page, fonts, header, Nơi nhận, signature)."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT

from kehoach.documents.render.readback import (
    all_paragraphs,
    effective_bold,
    effective_font,
    effective_size,
    find_paragraph,
    mm,
)

A4 = (210, 297)


def assert_page_and_fonts(doc) -> None:
    for section in doc.sections:
        assert tuple(sorted((round(mm(section.page_width)), round(mm(section.page_height))))) == A4
        assert 19.95 <= mm(section.top_margin) <= 25.05
        assert 19.95 <= mm(section.bottom_margin) <= 25.05
        assert 29.95 <= mm(section.left_margin) <= 35.05
        assert 14.95 <= mm(section.right_margin) <= 20.05
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    for p in all_paragraphs(doc):
        for run in p.runs:
            if run.text.strip():
                assert effective_font(run, p) == "Times New Roman", run.text


def assert_header(doc, *, parent: str, issuer: str, number_prefix: str, place: str = "Hà Nội",
                  dated: bool = True) -> None:
    header = doc.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text.strip()]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text.strip()]
    if parent:
        assert left[0] == parent.upper()
    assert issuer.upper() in left
    issuer_p = next(p for p in header.cell(0, 0).paragraphs if p.text == issuer.upper())
    assert effective_bold(issuer_p.runs[0], issuer_p)
    if number_prefix:
        number = header.cell(1, 0).text.strip().splitlines()[0]
        assert number.startswith("Số:") and number.endswith(number_prefix), number
    assert right[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right[1] == "Độc lập - Tự do - Hạnh phúc"
    if dated:
        date = next(p for p in all_paragraphs(doc) if p.text.startswith(f"{place}, ngày"))
        assert date.runs[0].font.italic


def assert_noi_nhan_and_signer(doc, *, title: str, name: str, archive: str) -> None:
    head = find_paragraph(doc, "Nơi nhận:")
    run = head.runs[0]
    assert run.font.bold and run.font.italic and effective_size(run, head) == 12
    lines = [p for p in all_paragraphs(doc) if p.text.startswith("- ") and p.runs
             and effective_size(p.runs[0], p) == 11]
    assert lines and lines[-1].text == f"- Lưu: VT, {archive}."
    if title:
        title_p = find_paragraph(doc, title.upper())
        assert effective_bold(title_p.runs[0], title_p)
    name_p = find_paragraph(doc, name)
    assert effective_bold(name_p.runs[0], name_p)
