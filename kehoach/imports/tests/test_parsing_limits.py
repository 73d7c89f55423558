"""Files built to exhaust the reader are refused with a clear message, and quickly; a long plan is read."""

from __future__ import annotations

import zlib

import pytest

from kehoach.imports.parsing import ImportRejected, Limits, parse_document
from kehoach.imports.parsing.limits import check_pdf


def _zeros_deflated(size: int) -> bytes:
    """``size`` zero bytes, deflated without ever holding them."""
    packer = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    out = [packer.compress(chunk) for _ in range(size >> 20)]
    out.append(packer.flush())
    return b"".join(out)


def _pdf_with_content(stream: bytes, filters: str) -> bytes:
    """A one-page PDF whose page content is ``stream`` under ``filters``."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length %d/Filter %s>>\nstream\n" % (len(stream), filters.encode()) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_decompression_bomb_is_refused_before_parsing():
    bomb = _pdf_with_content(_zeros_deflated(512 << 20), "/FlateDecode")  # 512 MB from half a megabyte
    assert len(bomb) < 1 << 20
    with pytest.raises(ImportRejected) as exc:
        parse_document(bomb, "plan.pdf")
    assert exc.value.code == "pdf_bomb"
    assert "bom nén" in exc.value.message and "\n" not in exc.value.message


def test_bomb_deflated_twice_is_measured_through_both_layers():
    bomb = _pdf_with_content(zlib.compress(_zeros_deflated(1024 << 20), 9), "[/FlateDecode/FlateDecode]")
    assert len(bomb) < 10_000
    with pytest.raises(ImportRejected) as exc:
        parse_document(bomb, "plan.pdf")
    assert exc.value.code == "pdf_bomb"


def test_bomb_the_precheck_cannot_see_is_stopped_by_the_memory_limit():
    # Hex-encoded before deflating: the cheap check only inflates zlib data, the PDF reader decodes both.
    bomb = _pdf_with_content(
        _zeros_deflated(1024 << 20).hex().encode() + b">", "[/ASCIIHexDecode/FlateDecode]"
    )
    limits = Limits(max_memory=256 << 20)
    assert check_pdf(bomb, limits) == 1  # passes the cheap check
    with pytest.raises(ImportRejected) as exc:
        parse_document(bomb, "plan.pdf", limits=limits)
    assert exc.value.code == "too_complex" and "bộ nhớ" in exc.value.message


def test_page_count_over_the_limit():
    pages = b"".join(b"%d 0 obj<</Type/Page/Parent 2 0 R>>endobj\n" % (n + 3) for n in range(30))
    data = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" + pages + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with pytest.raises(ImportRejected) as exc:
        parse_document(data, "plan.pdf", limits=Limits(max_pages=10))
    assert exc.value.code == "too_many_pages" and "10 trang" in exc.value.message


def test_a_parse_over_time_is_refused():
    text = (
        "TT Nhiệm vụ Đơn vị chủ trì Thời gian thực hiện\n" + "1. Tổ chức hội nghị Cục Hợp tác quốc tế 2026\n"
    )
    with pytest.raises(ImportRejected) as exc:
        parse_document(text.encode() * 1, "plan.txt", limits=Limits(max_wall_seconds=0))
    assert exc.value.code == "timeout" and "giây" in exc.value.message


def test_in_process_parse_gives_the_same_plan():
    text = "TT Nhiệm vụ Đơn vị chủ trì Thời gian thực hiện\n1. Tổ chức hội nghị Cục Hợp tác quốc tế 2026\n"
    sandboxed = parse_document(text.encode(), "plan.txt")
    assert sandboxed.to_dict() == parse_document(text.encode(), "plan.txt", sandbox=False).to_dict()


@pytest.mark.slow
@pytest.mark.render
def test_a_200_page_plan_pdf_is_read_within_the_limits(tmp_path):
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    import docx

    from .data.plans.build import _save, _table, print_pdf

    d = docx.Document()
    for text in ["ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH", "KẾ HOẠCH", "Thực hiện các nhiệm vụ trọng tâm năm 2026"]:
        d.add_paragraph(text)
    units = ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Y tế", "Văn phòng Ủy ban nhân dân tỉnh"]
    times = ["Quý I/2026", "Tháng 6/2026", "Thường xuyên", "Trước ngày 30/9/2026", "Năm 2026"]
    rows = []
    for n in range(1, 601):
        if n % 30 == 1:
            rows.append([f"Nhóm nhiệm vụ {n // 30 + 1}"])
        rows.append(
            [
                str(n),
                f"Triển khai nhiệm vụ số {n} về cải cách hành chính, chuyển đổi số và nâng cao chất lượng "
                "phục vụ người dân, doanh nghiệp trên địa bàn tỉnh",
                units[n % 5],
                f"{units[(n + 1) % 5]}; Ủy ban nhân dân các huyện, thị xã, thành phố",
                "Báo cáo",
                times[n % 5],
            ]
        )
    _table(
        d,
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành"],
        rows,
        [1.2, 6.0, 3.0, 3.5, 2.0, 2.5],
    )
    pdf = print_pdf(_save(d))
    import pdfplumber

    with pdfplumber.open(__import__("io").BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 200
    plan = parse_document(pdf, "plan.pdf")  # default limits: memory, CPU and wall time
    assert len(plan.tasks) == 600
    assert plan.tasks[-1].lead and plan.tasks[-1].timeframe["kind"] != "other"


def test_threaded_caller_parses_through_the_fork_server():
    """A web server has other threads: its parses go through the fork server, progress included."""
    import threading

    from kehoach.imports.parsing import sandbox

    text = "TT Nhiệm vụ Đơn vị chủ trì Thời gian thực hiện\n1. Tổ chức hội nghị Cục Hợp tác quốc tế 2026\n"
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        calls = []
        plan = parse_document(text.encode(), "plan.txt", progress=lambda done, total: calls.append((done, total)))
    finally:
        release.set()
        other.join()
    assert sandbox._FORKSERVER is not None
    assert [t.lead for t in plan.tasks] == [["Cục Hợp tác quốc tế"]]
    assert calls and calls[-1][0] == calls[-1][1]
