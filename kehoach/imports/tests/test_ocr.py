"""The scan reader (issue 14): scanned PDFs and images read by OCR into the same tasks as the typed plan.

The scan shipped here (``data/scans``) is pages 3-4 (the task table) of the repository's Đà Nẵng plan,
printed by LibreOffice and passed through the shared office-scan simulator at 200 dpi with a red seal;
the other pages (upside down, turned, blank, 50 dpi, a photo at an angle) are made from it in the test.
"""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

from kehoach.imports.parsing import ImportRejected, parse_document
from kehoach.imports.parsing import ocr as ocr_reader
from kehoach.imports.parsing.ocr.correct import correct_source, variants
from kehoach.imports.parsing.source import Paragraph, Source, Table

from .scoring import DATA, compare

SCAN = DATA / "scans" / "kh-da-nang-p3-4.scan.pdf"
TEXT_PDF = DATA / "plans" / "kh-da-nang-du-lich-cong-dong-2026-2028.pdf"
GOLD = DATA / "plans" / "kh-da-nang-du-lich-cong-dong-2026-2028.json"


def require_ocr() -> None:
    why = ocr_reader.problem()
    if why:
        reason = f"OCR is not installed ({why}): pip install 'kehoach[ocr]'; apt-get install tesseract-ocr-vie"
        if os.environ.get("KEHOACH_REQUIRE_TOOLS"):
            pytest.fail(f"{reason} (required here because KEHOACH_REQUIRE_TOOLS is set)")
        pytest.skip(reason)


@pytest.fixture
def need_ocr():
    require_ocr()


def _gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def _page_png(number: int = 1, *, dpi: int = 200, turn: float = 0, expand: bool = True) -> bytes:
    """A page of the shipped scan as a PNG at ``dpi``, turned ``turn`` degrees counter-clockwise."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(SCAN.read_bytes())
    image = doc[number - 1].render(scale=dpi / 72).to_pil().convert("L")
    if turn:
        image = image.rotate(turn, expand=expand, fillcolor=235)
    buf = io.BytesIO()
    image.save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def _refs(plan) -> list[str]:
    return [t.ref for t in plan.tasks]


# -- end to end -------------------------------------------------------------------------------------------


@pytest.mark.ocr
@pytest.mark.slow
def test_scanned_pdf_reads_as_the_typed_plan(need_ocr):
    calls = []
    plan = parse_document(SCAN.read_bytes(), "ke-hoach-quet.pdf", progress=lambda d, t: calls.append((d, t)))
    assert plan.format == "scan"
    assert _refs(plan) == [str(n) for n in range(1, 10)]
    score = compare(_gold(), plan.to_gold(), True)[0]
    assert score >= 90, compare(_gold(), plan.to_gold(), True)
    assert [t.group for t in plan.tasks][:1] == ["A. Quy hoạch và hạ tầng"]
    assert calls and calls[-1] == (2, 2)  # progress per page


@pytest.mark.ocr
@pytest.mark.slow
def test_mixed_pdf_keeps_text_pages_and_reads_scanned_ones(need_ocr):
    """Pages 1-2 with their text layer, pages 3-4 scanned: facts from the text, tasks from the scan."""
    import pypdfium2 as pdfium

    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(TEXT_PDF.read_bytes()), [0, 1])
    mixed.import_pages(pdfium.PdfDocument(SCAN.read_bytes()))
    buf = io.BytesIO()
    mixed.save(buf)
    plan = parse_document(buf.getvalue(), "ke-hoach-mot-phan-quet.pdf")
    gold = _gold()
    assert plan.title == gold["document"]["title"]
    assert plan.number == gold["document"]["number"]
    assert _refs(plan) == [str(n) for n in range(1, 10)]
    assert compare(gold, plan.to_gold())[0] >= 90


@pytest.mark.ocr
@pytest.mark.parametrize("turn", [180, 90])
def test_upside_down_and_turned_pages_are_put_upright(need_ocr, turn):
    plan = parse_document(_page_png(1, turn=turn), "trang-quet.png", sandbox=False)
    assert _refs(plan) == ["1", "2", "3", "4", "5", "6"]
    assert plan.tasks[0].lead == ["Sở Du lịch"]


# -- bad scans: a message that says what is wrong -----------------------------------------------------------


def _blank_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (1654, 2339), 232)  # A4 at 200 dpi, grey paper
    draw = ImageDraw.Draw(image)
    for k in range(40):  # a few specks of dust
        x, y = (k * 397) % 1600, (k * 911) % 2300
        draw.ellipse((x, y, x + 2, y + 2), fill=90)
    buf = io.BytesIO()
    image.save(buf, "PNG", dpi=(200, 200))
    return buf.getvalue()


@pytest.mark.ocr
def test_blank_scan_is_refused_as_blank(need_ocr):
    with pytest.raises(ImportRejected) as exc:
        parse_document(_blank_png(), "trang-trang.png", sandbox=False)
    assert exc.value.code == "scan_blank"
    assert "trang trắng" in exc.value.message


@pytest.mark.ocr
def test_blank_page_inside_a_scan_is_skipped_with_a_warning(need_ocr):
    from PIL import Image

    pages = [Image.open(io.BytesIO(_page_png(1))), Image.open(io.BytesIO(_blank_png()))]
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], dpi=(200, 200), compression="tiff_lzw")
    plan = parse_document(buf.getvalue(), "ban-quet.tiff", sandbox=False)
    assert _refs(plan) == ["1", "2", "3", "4", "5", "6"]
    assert any("trang trắng" in w and "2" in w for w in plan.warnings)


@pytest.mark.ocr
def test_fifty_dpi_scan_is_refused_naming_the_resolution(need_ocr):
    with pytest.raises(ImportRejected) as exc:
        parse_document(_page_png(1, dpi=50), "quet-50dpi.png", sandbox=False)
    assert exc.value.code == "scan_low_dpi"
    assert "50 dpi" in exc.value.message and "độ phân giải" in exc.value.message


@pytest.mark.ocr
def test_photo_at_an_angle_is_refused(need_ocr):
    with pytest.raises(ImportRejected) as exc:
        parse_document(_page_png(1, turn=14, expand=False), "anh-chup.png", sandbox=False)
    assert exc.value.code in ("scan_tilted", "scan_unreadable")
    assert "nghiêng" in exc.value.message or "chụp lệch" in exc.value.message


@pytest.mark.ocr
def test_handwriting_is_refused_as_unreadable(need_ocr):
    import math

    from PIL import Image, ImageDraw

    image = Image.new("L", (1654, 2339), 235)
    draw = ImageDraw.Draw(image)
    for line in range(30):  # lines of cursive-like loops: ink where words would be, but no letters
        y0 = 200 + line * 65
        points = [(150 + t * 3, y0 + 18 * math.sin(t / 4.0 + line) + 8 * math.sin(t / 1.3)) for t in range(440)]
        draw.line(points, fill=40, width=3)
    buf = io.BytesIO()
    image.save(buf, "PNG", dpi=(200, 200))
    with pytest.raises(ImportRejected) as exc:
        parse_document(buf.getvalue(), "viet-tay.png", sandbox=False)
    assert exc.value.code in ("scan_unreadable", "scan_blank")
    assert "chữ viết tay" in exc.value.message or "trang trắng" in exc.value.message


# -- without the extra ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ke-hoach-quet.pdf", "trang.png"])
def test_scan_without_the_ocr_extra_names_the_extra(monkeypatch, name):
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # "import tesserocr" now fails
    data = SCAN.read_bytes() if name.endswith(".pdf") else _blank_png()
    with pytest.raises(ImportRejected) as exc:
        parse_document(data, name, sandbox=False)
    assert exc.value.code == "ocr_unavailable"
    assert "kehoach[ocr]" in exc.value.message and "bản quét" in exc.value.message


def test_text_pdf_is_not_sent_to_ocr(monkeypatch):
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    plan = parse_document(TEXT_PDF.read_bytes(), "plan.pdf", sandbox=False)
    assert plan.format == "pdf" and len(plan.tasks) == 9


# -- corrections after OCR (no tesseract needed) ------------------------------------------------------------


def test_tone_mark_variants():
    assert "đổi" in variants("đối")
    assert "vị" in variants("vi")
    assert "phẩm" in variants("phấm")


def test_tone_marks_corrected_only_towards_real_words_in_context():
    src = Source("scan", [
        Paragraph("Trao đối kinh nghiệm, triến khai sản phấm; bổ sung quy chế của Bộ Tư pháp."),
        Table([["TT", "Nhiệm vụ", "Đơn vi chủ trì"], ["1", "Tố chức hội nghị", "Trường Cao đắng Du lịch"]]),
    ])
    correct_source(src, ["Trường Cao đẳng Du lịch Hà Nội"])
    assert src.blocks[0].text == "Trao đổi kinh nghiệm, triển khai sản phẩm; bổ sung quy chế của Bộ Tư pháp."
    assert src.blocks[1].rows == [["TT", "Nhiệm vụ", "Đơn vị chủ trì"],
                                  ["1", "Tổ chức hội nghị", "Trường Cao đẳng Du lịch"]]


def test_numbering_rechecked_against_its_sequence_and_header_restored():
    table = Table([["ŒT", "Nhiệm vụ", "Đơn vị chủ trì"], ["1", "a", "x"], ["4", "b", "x"], ["3", "c", "x"],
                   ["Kì", "d", "x"], ["5", "e", "x"]])
    correct_source(Source("scan", [table]))
    assert [r[0] for r in table.rows] == ["TT", "1", "2", "3", "4", "5"]


def test_numbering_across_pages_and_groups():
    first = Table([["TT", "Nhiệm vụ", "Đơn vị chủ trì"], ["1", "a", "x"], ["Năm 2023", "", ""], ["1", "b", "x"]])
    second = Table([["TT", "Nhiệm vụ", "Đơn vị chủ trì"], ["8", "c", "x"], ["II", "Nhóm", ""], ["1", "d", "y"]])
    correct_source(Source("scan", [first, second]))
    assert [r[0] for r in first.rows + second.rows] == ["TT", "1", "Năm 2023", "1", "TT", "2", "II", "1"]


def test_misread_numbers_with_dots_follow_their_neighbours():
    table = Table([["STT", "Tên nhiệm vụ", "Cơ quan chủ trì"], ["I. Nhóm một", "", ""], ["=", "a", "x"],
                   ["Hì", "b", "x"], ["3,", "c", "x"], ["4.", "d", "x"], ["+", "e", "x"], ["§.", "f", "x"],
                   ["7.", "g", "x"]])
    correct_source(Source("scan", [table]))
    assert [r[0] for r in table.rows][2:] == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]


def test_pairs_run_across_a_cell_line_end_and_bound_syllables_are_freed():
    table = Table([["TT", "Nhiệm vụ", "Cơ quan phối hợp"],
                   ["1", "Ban hành cơ chế đề nâng cao năng lực; xây dựng đề án đôn đóc", "Các cơ quan, tô\nchức có liên quan"],
                   ["2", "Mở rộng phạm vi chi trả của bảo hiểm V tế", "Cơ quan, cơ\nSở khám bệnh, cơ sở khám bệnh, cơ sở y tế"]])
    correct_source(Source("scan", [table]))
    assert table.rows[1][1] == "Ban hành cơ chế để nâng cao năng lực; xây dựng đề án đôn đốc"
    assert table.rows[1][2] == "Các cơ quan, tổ\nchức có liên quan"
    assert table.rows[2][1] == "Mở rộng phạm vi chi trả của bảo hiểm y tế"
    assert table.rows[2][2] == "Cơ quan, cơ\nsở khám bệnh, cơ sở khám bệnh, cơ sở y tế"


def test_quarters_in_the_documents_roman_style_and_written_dates():
    table = Table([["TT", "Nhiệm vụ", "Thời gian hoàn thành"], ["1", "a", "Quý II/2026"], ["2", "b", "Quý IV/2027"],
                   ["3", "c", "Từ quý\nII2026 đến quý IIH/2030"], ["4", "d", "Quý 1/2029"], ["5", "e", "Từ quý 12027"],
                   ["6", "f", "Quý I/⁄2027"]])
    src = Source("scan", [Paragraph("Căn cứ Luật ngày l6 tháng II năm 2008, ngày 13 tháng Š năm 2026;"), table])
    correct_source(src)
    assert [r[2] for r in table.rows[3:]] == ["Từ quý\nII/2026 đến quý III/2030", "Quý I/2029", "Từ quý I/2027",
                                              "Quý I/2027"]
    assert src.blocks[0].text == "Căn cứ Luật ngày 16 tháng 11 năm 2008, ngày 13 tháng 5 năm 2026;"
    digits = Table([["TT", "Nhiệm vụ", "Thời gian"], ["1", "a", "Quý 1/2026"], ["2", "b", "Quý 2/2026"]])
    correct_source(Source("scan", [digits]))
    assert digits.rows[1][2] == "Quý 1/2026"  # a document that writes its quarters in digits keeps them


def test_misread_number_of_a_few_characters_follows_its_neighbours():
    table = Table([["TT", "Nhiệm vụ", "Đơn vị chủ trì"], ["25.", "a", "x"], ["26.", "b", "x"], ["04g 5", "c", "x"],
                   ["28.", "d", "x"], ["29.", "e", "x"]])
    correct_source(Source("scan", [table]))
    assert [r[0] for r in table.rows[1:]] == ["25.", "26.", "27.", "28.", "29."]


def test_group_numerals_follow_their_sequence_across_tables():
    """A table per group, each headed by a merged row: the first heading's "I." lost by the scan, the second's
    "II." read as "HỆ."; both come back from the sequence. Letter groups and unnumbered headings stay."""
    first = Table([["TT", "Nhiệm vụ", "Đơn vị chủ trì"],
                   ["Nhóm nhiệm vụ về hoàn thiện thể chế", "Nhóm nhiệm vụ về hoàn thiện thể chế", ""],
                   ["1", "Luật Địa chất và Khoáng sản", "Cục Địa chất Việt Nam"]])
    second = Table([["TT", "Nhiệm vụ", "Đơn vị chủ trì"], ["HỆ. Nhóm nhiệm vụ về ứng phó biến đổi khí hậu", "", ""],
                    ["1", "Đề án kiểm kê đất đai", "Vụ Đất đai"]])
    correct_source(Source("scan", [first, second]))
    assert first.rows[1][0].startswith("I. Nhóm nhiệm vụ")
    assert second.rows[1][0].startswith("II. Nhóm nhiệm vụ")
    letters = Table([["TT", "Nội dung", "Chủ trì"], ["A. Các nhiệm vụ chung của Bộ", "", ""], ["1", "a", "x"],
                     ["Nhiệm vụ trọng tâm khác", "", ""], ["2", "b", "x"]])
    correct_source(Source("scan", [letters]))
    assert [r[0] for r in letters.rows][1::2] == ["A. Các nhiệm vụ chung của Bộ", "Nhiệm vụ trọng tâm khác"]
