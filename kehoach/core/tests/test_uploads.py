"""Uploads are opened as the type they claim, with limits (issue 15, item 9): PDFs with active content, zip
bombs, macro parts and polyglots are refused; well-formed files pass. Every file is crafted here."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kehoach.core import uploads
from kehoach.core.testing import tiny_docx, tiny_pdf, tiny_png


def _type(name: str, data: bytes):
    return uploads.inspected_type(SimpleUploadedFile(name, data))


def _refused(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as exc:
        _type(name, data)
    message = " ".join(exc.value.messages)
    assert name in message and "bị từ chối" in message
    return message


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Báo cáo"
    book.save(buf)
    return buf.getvalue()


def test_well_formed_files_pass():
    assert _type("a.pdf", tiny_pdf()) == uploads.PDF
    assert _type("a.pdf", tiny_pdf(flate=False)) == uploads.PDF
    assert _type("a.docx", tiny_docx()) == uploads.DOCX
    assert _type("a.xlsx", _xlsx()) == uploads.XLSX
    assert _type("a.png", tiny_png()) == uploads.PNG


@pytest.mark.parametrize("catalog,objects", [
    (b"/OpenAction 5 0 R", (b"<< /S /JavaScript /JS (app.alert(1)) >>",)),
    (b"/OpenAction 5 0 R", (b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>",)),  # names spelt with #xx escapes
    (b"", (b"<< /Type /Annot /Subtype /Link /A << /S /Launch /F (cmd.exe) >> >>",)),
    (b"/Names << /EmbeddedFiles 5 0 R >>", (b"<< /Names [(x.exe) 6 0 R] >>", b"<< /Type /Filespec /F (x.exe) >>")),
    (b"", (b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",)),
    (b"/AcroForm << /XFA 5 0 R >>", (b"<< /Length 0 >>\nstream\n\nendstream",)),
])
def test_pdf_active_content_is_refused(catalog, objects):
    assert "tự chạy" in _refused("bao-cao.pdf", tiny_pdf(catalog_extra=catalog, extra_objects=objects))


def test_pdf_limits(settings):
    settings.KEHOACH_UPLOAD_MAX_EXPANDED_BYTES = 1024 * 1024
    bomb = tiny_pdf(content=b"0" * (8 * 1024 * 1024))  # 8 MB of text in an 8 KB stream
    assert len(bomb) < 20_000
    assert "giải nén" in _refused("bom.pdf", bomb)
    settings.KEHOACH_UPLOAD_MAX_PAGES = 2
    assert "trang" in _refused("dai.pdf", tiny_pdf(pages=3))
    assert _type("ngan.pdf", tiny_pdf(pages=2)) == uploads.PDF


def test_pdf_that_does_not_open_is_refused():
    assert "PDF" in _refused("hong.pdf", b"%PDF-1.7 nothing else")


def test_zip_bomb_in_an_office_file_is_refused():
    member = b"\x00" * (20 * 1024 * 1024)  # 20 MB of zeros compress to ~20 KB: a ratio near 1000
    data = tiny_docx(extra={"word/media/big.bin": member})
    assert len(data) < 100_000
    assert "nén" in _refused("bom.docx", data)


def test_zip_expanded_total_is_bounded(settings):
    """Members are read for real (declared sizes are not trusted), and their expanded total is bounded."""
    settings.KEHOACH_UPLOAD_MAX_EXPANDED_BYTES = 64 * 1024
    data = tiny_docx(extra={"word/media/a.bin": bytes(range(256)) * 1024})  # 256 KB, poorly compressible
    assert "giải nén" in _refused("to.docx", data)


@pytest.mark.parametrize("part", ["word/vbaProject.bin", "word/activeX/activeX1.xml"])
def test_macros_and_activex_are_refused(part):
    assert "macro" in _refused("macro.docx", tiny_docx(extra={part: b"x"}))


def test_office_file_without_content_types_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    _refused("thieu.docx", buf.getvalue())


def test_unsafe_member_names_are_refused():
    assert "đường dẫn" in _refused("duong-dan.docx", tiny_docx(extra={"../../etc/cron.d/x": b"x"}))


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.js", "alert(1)")
    return buf.getvalue()


@pytest.mark.parametrize("name,data,reason", [
    ("anh.png", tiny_png() + _zip(), "tệp nén"),
    ("bao-cao.pdf", tiny_pdf() + _zip(), "tệp nén"),
    ("anh.png", tiny_png() + b"<script>alert(1)</script>", "sau phần ảnh"),
    ("anh.gif", b"GIF89a" + b"\x00" * 20 + b"%PDF-1.4 1 0 obj" + b";", "PDF"),
])
def test_polyglots_are_refused(name, data, reason):
    assert reason in _refused(name, data)


def test_unknown_bytes_are_no_type():
    assert _type("x.pdf", b"MZ\x90\x00") is None
    assert _type("x.docx", zlib.compress(b"not a zip")) is None


@pytest.mark.django_db
def test_evidence_upload_refuses_a_pdf_with_javascript(client, personas, make_plan):
    """Through the page: the unit sees why, nothing is stored."""
    import datetime as dt

    from django.urls import reverse

    from kehoach.reporting import services
    from kehoach.reporting.models import Evidence, UnitReport

    period = services.period_open_yearly(plan=make_plan("000"), year=2026, actor=personas.coordinator,
                                         opens_on=dt.date(2026, 10, 1))
    entry = UnitReport.objects.get(period=period, unit=personas.unit_a).entries.first()
    client.force_login(personas.focal_a)
    url = reverse("reporting:evidence_upload", args=[entry.pk])
    bad = tiny_pdf(catalog_extra=b"/OpenAction 5 0 R", extra_objects=(b"<< /S /JavaScript /JS (x) >>",))
    response = client.post(url, {"file": SimpleUploadedFile("minh-chung.pdf", bad)}, follow=True)
    assert "tự chạy" in response.content.decode() and not Evidence.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("minh-chung.pdf", tiny_pdf())})
    assert Evidence.objects.filter(entry=entry).count() == 1
