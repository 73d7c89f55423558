"""Render the documents with LibreOffice, as a reader would open them: page counts, page shapes, text, fonts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kehoach.documents.render import consolidated_report, plan_document, preview, unit_report, urging_letter
from kehoach.documents.render.sample import (
    build_sample_consolidated,
    build_sample_plan,
    build_sample_unit_report,
    build_sample_urging,
)

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(not preview.available(), reason="LibreOffice (soffice) and poppler-utils not installed"),
]

CASES = {
    # name: (bytes factory, plausible page range, number of landscape pages expected at least)
    "consolidated": (lambda: consolidated_report(build_sample_consolidated()), (5, 14), 2),
    "unit": (lambda: unit_report(build_sample_unit_report()), (1, 4), 0),
    "urging": (lambda: urging_letter(build_sample_urging()), (1, 3), 0),
    "plan": (lambda: plan_document(build_sample_plan()), (3, 10), 2),
}


def _text(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_renders_with_plausible_pages(name, tmp_path):
    factory, (low, high), landscape_min = CASES[name]
    docx = tmp_path / f"{name}.docx"
    docx.write_bytes(factory())
    pdf = preview.to_pdf(docx, tmp_path)
    sizes = preview.page_sizes(pdf)
    assert low <= len(sizes) <= high, len(sizes)
    # First page portrait A4 (595 x 842 pt); the annex pages landscape.
    w, h = sizes[0]
    assert abs(w - 595) < 2 and abs(h - 842) < 2
    landscape = [s for s in sizes if s[0] > s[1]]
    assert len(landscape) >= landscape_min
    if landscape:
        assert sizes[-1][0] > sizes[-1][1]
    first = _text(pdf, 1, 1)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first  # diacritics survive
    assert "Độc lập - Tự do - Hạnh phúc" in first
    # Page numbers: none on a section's first page (document, annex), then 2, 3, … at the top.
    expected = 1
    for page, size in enumerate(sizes, 1):
        top = _text(pdf, page, page).strip().splitlines()[0].strip()
        starts_section = page == 1 or (size[0] > size[1]) != (sizes[page - 2][0] > sizes[page - 2][1])
        expected = 1 if starts_section else expected + 1
        if starts_section:
            assert not top.isdigit()
        else:
            assert top == str(expected)
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert names and all("Serif" in n or "Times" in n for n in names), names  # no fallback font
    pngs = preview.to_png(pdf, tmp_path / name, dpi=40)
    assert len(pngs) == len(sizes)


def test_consolidated_annex_lists_every_task(tmp_path):
    spec = build_sample_consolidated()
    docx = tmp_path / "c.docx"
    docx.write_bytes(consolidated_report(spec))
    pdf = preview.to_pdf(docx, tmp_path)
    sizes = preview.page_sizes(pdf)
    first_annex = next(i for i, s in enumerate(sizes, 1) if s[0] > s[1])
    annex = _text(pdf, first_annex, len(sizes))
    assert "Phụ lục" in annex
    # The repeated header row appears on every annex page.
    assert annex.count("Đơn vị chủ trì") == len(sizes) - first_annex + 1
    for row in spec.rows:
        assert row.title[:30] in " ".join(annex.split()) or row.title.split()[0] in annex


def test_preview_png_of_the_sample(tmp_path):
    from kehoach.documents.render.sample import main

    png = tmp_path / "page1.png"
    assert main(["--png", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (tmp_path / "consolidated-report.docx").exists()
