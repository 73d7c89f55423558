"""The gold plans written as DOCX, XLSX and PDF must come back (nearly) the same."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kehoach.imports.parsing import parse_document

from .test_parsing_support import GOLDS, gold_docx, gold_xlsx, load, score


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_docx_with_prose(gold_path):
    plan = parse_document(gold_docx(gold_path), "plan.docx")
    assert plan.format == "docx"
    assert score(load(gold_path), plan.to_gold()) >= 98.0


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_xlsx_tasks(gold_path):
    plan = parse_document(gold_xlsx(gold_path), "plan.xlsx")
    assert score(load(gold_path), plan.to_gold(), tasks_only=True) >= 98.0


def _borderless(data: bytes) -> bytes:
    import io

    import docx

    d = docx.Document(io.BytesIO(data))
    d.tables[0].style = None  # no ruling: the PDF reader must place words by their x positions
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    """Every document these tests print, converted to PDF by one LibreOffice run (a start costs ~3 s):
    ``<gold>-ruled.pdf``, ``<gold>-borderless.pdf`` and ``long-row.pdf``."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("printed")
    sources = {"long-row": _long_row_docx()}
    for gold_path in GOLDS:
        sources[f"{gold_path.stem}-ruled"] = gold_docx(gold_path)
        sources[f"{gold_path.stem}-borderless"] = _borderless(gold_docx(gold_path))
    for name, data in sources.items():
        (tmp / f"{name}.docx").write_bytes(data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp), *(str(tmp / f"{name}.docx") for name in sources)],
                   check=True, capture_output=True, timeout=300)
    return tmp


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "borderless"])
@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_pdf_via_libreoffice(printed, gold_path, ruled):
    data = (printed / f"{gold_path.stem}-{'ruled' if ruled else 'borderless'}.pdf").read_bytes()
    plan = parse_document(data, "plan.pdf")
    assert plan.format == "pdf"
    assert score(load(gold_path), plan.to_gold()) >= 98.0  # the prose is in the PDF too


def _merged_docx() -> bytes:
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Phát triển thư viện số giai đoạn 2026-2030")
    t = d.add_table(rows=5, cols=4)
    for k, h in enumerate(["STT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"]):
        t.cell(0, k).text = h
    t.cell(1, 0).merge(t.cell(1, 3)).text = "A. Nhiệm vụ chung"
    for r, (ref, title, when) in enumerate(
        [("1", "Số hóa tài liệu", "2026"), ("2", "Xây dựng cổng thông tin", "2027")], 2
    ):
        t.cell(r, 0).text, t.cell(r, 1).text, t.cell(r, 3).text = ref, title, when
    t.cell(2, 2).merge(t.cell(3, 2)).text = "Thư viện Quốc gia Việt Nam"  # one lead for two rows
    t.cell(4, 0).text, t.cell(4, 1).text, t.cell(4, 2).text = "3", "Đào tạo cán bộ", "Vụ Tổ chức cán bộ"
    t.cell(4, 3).text = "Hằng năm"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_merged_cells():
    plan = parse_document(_merged_docx(), "plan.docx")
    assert [(t.group, t.ref, t.lead) for t in plan.tasks] == [
        ("A. Nhiệm vụ chung", "1", ["Thư viện Quốc gia Việt Nam"]),
        ("A. Nhiệm vụ chung", "2", ["Thư viện Quốc gia Việt Nam"]),
        ("A. Nhiệm vụ chung", "3", ["Vụ Tổ chức cán bộ"]),
    ]
    assert plan.tasks[2].timeframe["kind"] == "annual"
    assert plan.title == "Phát triển thư viện số giai đoạn 2026-2030" and plan.period == {
        "start": 2026,
        "end": 2030,
    }


def test_xlsx_vertical_merge():
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["KẾ HOẠCH năm 2026"])
    ws.append(["TT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời gian hoàn thành"])
    ws.append([1, "Số hóa tài liệu", "Thư viện Quốc gia Việt Nam", "Quý I/2026"])
    ws.append([2, "Xây dựng cổng thông tin", None, "6/2026"])
    ws.merge_cells("C3:C4")
    buf = io.BytesIO()
    wb.save(buf)
    plan = parse_document(buf.getvalue(), "plan.xlsx")
    assert [t.lead for t in plan.tasks] == [["Thư viện Quốc gia Việt Nam"]] * 2
    assert plan.tasks[1].timeframe["end"] == "2026-06-30"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler (pdftotext) is not installed")
@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_pdftotext_layout_dump(printed, gold_path, tmp_path):
    """A column-aligned text dump (``pdftotext -layout``) is read by character positions."""
    subprocess.run(["pdftotext", "-layout", str(printed / f"{gold_path.stem}-borderless.pdf"),
                    str(tmp_path / "plan.txt")], check=True, timeout=60)
    plan = parse_document((tmp_path / "plan.txt").read_bytes(), "plan.txt")
    assert score(load(gold_path), plan.to_gold()) >= 97.0


def test_docx_automatic_list_numbers_are_read():
    """Items numbered by Word's lists (no number typed in the text) still carry their numbers."""
    import io

    import docx

    d = docx.Document()
    for text in ["KẾ HOẠCH", "Công tác văn thư, lưu trữ năm 2026", "II. NHIỆM VỤ"]:
        d.add_paragraph(text)
    for title, lead, when in [
        ("Số hóa hồ sơ lưu trữ lịch sử", "Trung tâm Lưu trữ lịch sử", "Quý III/2026"),
        ("Chỉnh lý tài liệu tồn đọng", "Sở Nội vụ", "Năm 2026"),
    ]:
        d.add_paragraph(title, style="List Number")
        d.add_paragraph(f"Đơn vị chủ trì: {lead}", style="List Bullet")
        d.add_paragraph(f"Thời gian: {when}", style="List Bullet")
    buf = io.BytesIO()
    d.save(buf)
    plan = parse_document(buf.getvalue(), "plan.docx")
    assert [(t.ref, t.title, t.lead) for t in plan.tasks] == [
        ("1", "Số hóa hồ sơ lưu trữ lịch sử", ["Trung tâm Lưu trữ lịch sử"]),
        ("2", "Chỉnh lý tài liệu tồn đọng", ["Sở Nội vụ"]),
    ]


def _long_row_docx() -> bytes:
    """A printed plan whose fifth task's text runs over more than a whole page (narrow columns), so the PDF
    holds a page with one table row on it: the row's middle, with no number."""
    import io

    import docx
    from docx.shared import Cm

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Triển khai công tác thông tin đối ngoại năm 2026")
    t = d.add_table(rows=1, cols=4)
    t.style = "Table Grid"
    for k, head in enumerate(["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian thực hiện"]):
        t.rows[0].cells[k].text = head
    words = ("tổ chức tuyên truyền quảng bá hình ảnh đất nước con người văn hóa Việt Nam tại các diễn đàn "
             "quốc tế và khu vực").split()
    for n in range(1, 13):
        row = t.add_row().cells
        long = " ".join(words[(i * 7) % len(words)] for i in range(900)) if n == 5 else ""
        row[0].text, row[1].text = str(n), f"Nhiệm vụ số {n} về thông tin đối ngoại {long}".strip()
        row[2].text, row[3].text = "Cục Hợp tác quốc tế", "Năm 2026"
    for row in t.rows:
        row.cells[1].width = Cm(3)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.render
def test_pdf_row_longer_than_a_page_keeps_the_tasks_after_it(printed):
    data = (printed / "long-row.pdf").read_bytes()
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3  # the long row fills a page of its own
    plan = parse_document(data, "plan.pdf")
    refs = [t.ref for t in plan.tasks]
    assert refs == [str(n) for n in range(1, 13)]
    fifth = plan.tasks[4]
    assert fifth.title.startswith("Nhiệm vụ số 5") and len(fifth.title.split()) > 800  # all its pages
    assert all(t.lead == ["Cục Hợp tác quốc tế"] for t in plan.tasks)
