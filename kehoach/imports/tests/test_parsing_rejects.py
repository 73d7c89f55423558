"""Bad inputs are refused with a code and a Vietnamese message; nothing else ever escapes."""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.imports.parsing import ImportRejected, parse_document

from .test_parsing_support import GOLDS, seed_text

TABLE = "TT Nhiệm vụ Đơn vị chủ trì Thời gian thực hiện\n1. Tổ chức hội nghị Cục Hợp tác quốc tế 2026\n"

EMPTY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "plan.txt", "empty"),
        (b"   \n\n ", "plan.txt", "empty"),
        (b"\x00\x01\x02binary\xff\xfe\x00" * 50, "plan.txt", "binary"),
        (EMPTY_PDF, "plan.docx", "wrong_extension"),
        (TABLE.encode(), "plan.pdf", "wrong_extension"),
        (b"%PDF-1.4\nthis is not really a pdf", "plan.pdf", "corrupt_pdf"),
        (b"%PDF-1.4\n1 0 obj <</Filter/Standard/Encrypt 2 0 R>> garbage", "plan.pdf", "encrypted_pdf"),
        (EMPTY_PDF, "plan.pdf", "scanned_pdf_needs_ocr"),
        (b"PK\x03\x04 broken zip", "plan.docx", "corrupt_docx"),
        (_zip({"hello.txt": b"hi"}), "plan.docx", "corrupt_docx"),
        (_zip({"hello.txt": b"hi"}), "plan.xlsx", "corrupt_xlsx"),
        (_zip({"word/document.xml": b"\x00" * (30 * 1024 * 1024)}), "plan.docx", "zip_bomb"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "plan.doc", "unsupported_format"),
        (TABLE.encode(), "plan.exe", "unsupported_format"),
        ("Văn bản không có bảng nhiệm vụ nào.\n".encode(), "plan.txt", "no_task_table"),
        (b"\xff\xfe\x41", "plan.txt", "bad_encoding"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_rejects(data, name, code):
    with pytest.raises(ImportRejected) as exc:
        parse_document(data, name)
    assert exc.value.code == code
    assert exc.value.message and "\n" not in exc.value.message and exc.value.message_en


def test_too_large():
    with pytest.raises(ImportRejected) as exc:
        parse_document(TABLE.encode() * 10, "plan.txt", max_bytes=100)
    assert exc.value.code == "too_large" and "KB" in exc.value.message


def test_docx_named_xlsx_says_so():
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with pytest.raises(ImportRejected) as exc:
        parse_document(buf.getvalue(), "plan.xlsx")
    assert exc.value.code == "wrong_extension" and "Word" in exc.value.message


def test_outputs_are_json():
    plan = parse_document(TABLE.encode(), "plan.txt")
    json.dumps(plan.to_dict())
    assert plan.to_gold()["tasks"][0]["lead"] == ["Cục Hợp tác quốc tế"]


def _check(data: bytes, name: str = "plan.txt") -> None:
    try:
        parse_document(data, name)
    except ImportRejected:
        pass


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(
    st.binary(max_size=4000), st.sampled_from(["plan.txt", "plan.md", "plan.pdf", "plan.docx", "plan.xlsx"])
)
def test_random_bytes_only_raise_import_rejected(data, name):
    _check(data, name)


@pytest.mark.slow
@FUZZ
@given(st.data())
def test_truncated_and_shuffled_seeds(data):
    text = seed_text(data.draw(st.sampled_from(GOLDS)))
    cut = data.draw(st.integers(0, len(text)))
    _check(text[:cut].encode("utf-8"))
    lines = text.splitlines()
    random.Random(data.draw(st.integers(0, 10_000))).shuffle(lines)
    _check("\n".join(lines[: data.draw(st.integers(0, len(lines)))]).encode("utf-8"))


@pytest.mark.slow
@FUZZ
@given(st.text(min_size=1, max_size=300), st.integers(1, 400))
def test_huge_lines(chunk, repeat):
    _check((TABLE + chunk * repeat + "\n" + "x" * 100_000).encode("utf-8", errors="ignore"))


def test_rule_lines_of_dashes_are_not_an_error():
    text = "KẾ HOẠCH\nThử nghiệm\n––––––\n————\nNội dung không có nhiệm vụ.\n"
    with pytest.raises(ImportRejected) as exc:
        parse_document(text.encode(), "plan.txt")
    assert exc.value.code == "no_task_table"
