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
    bomb = _pdf_with_content(_zeros_deflated(1024 << 20).hex().encode() + b">", "[/ASCIIHexDecode/FlateDecode]")
    limits = Limits(max_memory=256 << 20)
    assert check_pdf(bomb, limits) == 1  # passes the cheap check
    with pytest.raises(ImportRejected) as exc:
        parse_document(bomb, "plan.pdf", limits=limits)
    assert exc.value.code == "too_complex" and "bộ nhớ" in exc.value.message


def test_page_count_over_the_limit():
    pages = b"".join(b"%d 0 obj<</Type/Page/Parent 2 0 R>>endobj\n" % (n + 3) for n in range(30))
    data = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" + pages + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    with pytest.raises(ImportRejected) as exc:
        parse_document(data, "plan.pdf", limits=Limits(max_pages=10))
    assert exc.value.code == "too_many_pages" and "10 trang" in exc.value.message


def test_a_parse_over_time_is_refused():
    text = ("TT Nhiệm vụ Đơn vị chủ trì Thời gian thực hiện\n" + "1. Tổ chức hội nghị Cục Hợp tác quốc tế 2026\n")
    with pytest.raises(ImportRejected) as exc:
        parse_document(text.encode() * 1, "plan.txt", limits=Limits(max_wall_seconds=0))
    assert exc.value.code == "timeout" and "giây" in exc.value.message


def test_in_process_parse_gives_the_same_plan():
    text = "TT Nhiệm vụ Đơn vị chủ trì Thời gian thực hiện\n1. Tổ chức hội nghị Cục Hợp tác quốc tế 2026\n"
    sandboxed = parse_document(text.encode(), "plan.txt")
    assert sandboxed.to_dict() == parse_document(text.encode(), "plan.txt", sandbox=False).to_dict()
