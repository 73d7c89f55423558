"""Generated documents opened by LibreOffice: page count and shapes (CI fails if soffice is missing)."""

from __future__ import annotations

import pytest

from kehoach.core.testing import require_soffice
from kehoach.documents import services
from kehoach.documents.choices import DocumentKind
from kehoach.documents.render import preview

pytestmark = [pytest.mark.django_db, pytest.mark.render]


def test_plan_docx_renders_as_a_portrait_text_and_landscape_annex(plan, tmp_path):
    require_soffice()
    document = services.document_generate_now(actor=None, plan=plan, kind=DocumentKind.PLAN_DOCX)
    docx = tmp_path / "plan.docx"
    with document.file.open("rb") as fh:
        docx.write_bytes(fh.read())
    pdf = preview.to_pdf(docx, tmp_path)
    sizes = preview.page_sizes(pdf)
    assert 3 <= len(sizes) <= 12, len(sizes)
    w, h = sizes[0]
    assert abs(w - 595) < 2 and abs(h - 842) < 2
    assert sizes[-1][0] > sizes[-1][1]
    pngs = preview.to_png(pdf, tmp_path / "page", first=1, last=1)
    assert pngs and pngs[0].stat().st_size > 1000


def _pdf_sizes(data: bytes, tmp_path, name: str):
    docx = tmp_path / f"{name}.docx"
    docx.write_bytes(data)
    return preview.page_sizes(preview.to_pdf(docx, tmp_path))


def test_consolidated_unit_and_urging_documents_render(plan, personas, tmp_path):
    require_soffice()
    from kehoach.documents import selectors
    from kehoach.documents.render import consolidated_report, unit_report, urging_letter
    from kehoach.plans.selectors import current_tasks

    sizes = _pdf_sizes(consolidated_report(selectors.consolidated_spec(plan)), tmp_path, "bc")
    assert 4 <= len(sizes) <= 20, len(sizes)
    assert sizes[0][0] < sizes[0][1] and sizes[-1][0] > sizes[-1][1]  # portrait body, landscape annex
    unit = _pdf_sizes(unit_report(selectors.unit_report_spec(plan, personas.unit_a)), tmp_path, "unit")
    assert 1 <= len(unit) <= 12
    tasks = list(current_tasks(plan)[:2])
    urging = _pdf_sizes(urging_letter(selectors.urging_spec(plan, [(personas.unit_a, tasks)])), tmp_path, "cv")
    assert 1 <= len(urging) <= 3
