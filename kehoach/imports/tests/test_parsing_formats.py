"""The gold plans written as DOCX, XLSX and PDF must come back (nearly) the same."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from kehoach.imports.parsing import parse_document

from ._plans import GOLDS, SHARED, gold_docx, gold_xlsx, load, score

pytestmark = pytest.mark.skipif(not GOLDS, reason=f"shared gold files not found under {SHARED}")


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_docx_with_prose(gold_path):
    plan = parse_document(gold_docx(gold_path), "plan.docx")
    assert plan.format == "docx"
    assert score(load(gold_path), plan.to_gold()) >= 98.0


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_xlsx_tasks(gold_path):
    plan = parse_document(gold_xlsx(gold_path), "plan.xlsx")
    assert score(load(gold_path), plan.to_gold(), tasks_only=True) >= 98.0


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_pdf_via_libreoffice(gold_path):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "plan.docx"
        src.write_bytes(gold_docx(gold_path))
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{tmp}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        data = (Path(tmp) / "plan.pdf").read_bytes()
    plan = parse_document(data, "plan.pdf")
    assert plan.format == "pdf"
    assert score(load(gold_path), plan.to_gold(), tasks_only=True) >= 98.0
