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
