"""Turn a .docx into PDF and PNG pages with LibreOffice and poppler, to look at what a reader gets.

Optional tooling (``soffice``, ``pdftoppm``, ``pdfinfo``); ``available()`` says whether it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def available() -> bool:
    return all(shutil.which(tool) for tool in ("soffice", "pdftoppm", "pdfinfo"))


def to_pdf(docx: Path, outdir: Path, timeout: int = 180) -> Path:
    """Convert with a throw-away LibreOffice profile (two conversions sharing one profile block each other)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
             "--outdir", str(outdir), str(docx)],
            check=True, capture_output=True, timeout=timeout,
        )
    pdf = outdir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
    return pdf


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's (width, height) in points, from ``pdfinfo``."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]), float(parts[2])))
    return sizes


def to_png(pdf: Path, prefix: Path, dpi: int = 80, first: int | None = None, last: int | None = None) -> list[Path]:
    """Render pages to ``prefix-N.png``; returns the files written, in page order."""
    args = ["pdftoppm", "-png", "-r", str(dpi)]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    subprocess.run([*args, str(pdf), str(prefix)], check=True, capture_output=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def first_page_png(docx_bytes: bytes, out_png: Path, dpi: int = 100) -> Path:
    """Write the first page of a document as ``out_png``."""
    with tempfile.TemporaryDirectory(prefix="kehoach-preview-") as tmp:
        tmpdir = Path(tmp)
        docx = tmpdir / "document.docx"
        docx.write_bytes(docx_bytes)
        pdf = to_pdf(docx, tmpdir)
        pages = to_png(pdf, tmpdir / "page", dpi=dpi, first=1, last=1)
        out_png.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pages[0], out_png)
    return out_png
