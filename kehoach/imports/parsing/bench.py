"""Benchmark: parse a synthetic plan of n tasks in each layout the importer reads; time and peak memory.

Layouts: tasks as body sections with labelled lines (TXT), a Word table (DOCX), a ruled PDF table
(printed by LibreOffice; skipped when it is not installed), a table flattened into text as a PDF text
dump gives it (TXT), Markdown pipe tables with a two-row header (MD), and an inspection schedule whose
numbering restarts under each group (XLSX).

``seconds`` is the parse as the app runs it (in its limited child process), wall clock; ``cpu_seconds``
the processor time of the same parse in-process (what a busy machine does not inflate); ``peak_mib`` the Python
allocations of the same parse run in-process under tracemalloc (timed separately: tracing slows Python
down); ``child_rss_mib`` the child's peak resident memory.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

from . import parse_document, sandbox

_UNITS = [
    "Cục Hợp tác quốc tế",
    "Vụ Kế hoạch, Tài chính",
    "Cục Di sản văn hóa",
    "Trung tâm Công nghệ thông tin",
]
_TIMES = ["Thường xuyên", "Hằng năm", "2025", "Quý III/2026", "Tháng 5/2027", "2025-2030"]
_HEAD = ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm", "Thời gian thực hiện"]


def _rows(n: int):
    for k in range(1, n + 1):
        yield (
            str(k),
            f"Tổ chức triển khai nhiệm vụ số {k} về hợp tác quốc tế trong lĩnh vực văn hóa",
            _UNITS[k % 4],
            f"{_UNITS[(k + 1) % 4]} và các đơn vị liên quan",
            "Báo cáo",
            _TIMES[k % 6],
        )


def synthetic_text(n: int) -> bytes:
    """A task table flattened into text: each row's title line, then its other cells on one line."""
    lines = ["KẾ HOẠCH", "Hợp tác quốc tế giai đoạn 2025-2030", "", " ".join(_HEAD)]
    for ref, title, lead, coord, product, when in _rows(n):
        lines += [f"{ref}. {title}", f"{lead} {coord} {product} {when}", ""]
    return "\n".join(lines).encode("utf-8")


def synthetic_sections(n: int) -> bytes:
    """Tasks as numbered body items with labelled unit and time lines, 25 to a numbered heading."""
    lines = [
        "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        "KẾ HOẠCH",
        "Hợp tác quốc tế năm 2026",
        "",
        "II. NỘI DUNG THỰC HIỆN",
    ]
    for ref, title, lead, coord, _product, when in _rows(n):
        k = int(ref)
        if k % 25 == 1:
            lines.append(f"{(k - 1) // 25 + 1}. Nhóm nhiệm vụ {(k - 1) // 25 + 1}")
        lines += [
            f"{(k - 1) // 25 + 1}.{(k - 1) % 25 + 1}. {title}.",
            f"- Đơn vị chủ trì: {lead}.",
            f"- Đơn vị phối hợp: {coord}.",
            f"- Thời gian thực hiện: {when}.",
        ]
    lines += [
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Cục Hợp tác quốc tế chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch.",
    ]
    return "\n".join(lines).encode("utf-8")


def synthetic_markdown(n: int) -> bytes:
    """A Markdown appendix table with a two-row header (Đơn vị thực hiện over Chủ trì | Phối hợp)."""
    lines = [
        "# KẾ HOẠCH",
        "Hợp tác quốc tế năm 2026",
        "",
        "| STT | Nhiệm vụ | Đơn vị thực hiện | | Thời gian |",
        "| --- | --- | --- | --- | --- |",
        "| | | Chủ trì | Phối hợp | |",
    ]
    for ref, title, lead, coord, _product, when in _rows(n):
        lines.append(f"| {ref} | {title} | {lead} | {coord} | {when} |")
    return "\n".join(lines).encode("utf-8")


def _docx(n: int):
    import docx

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Hợp tác quốc tế giai đoạn 2025-2030")
    table = d.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for k, h in enumerate(_HEAD):
        table.rows[0].cells[k].text = h
    for values in _rows(n):
        cells = table.add_row().cells
        for k, v in enumerate(values):
            cells[k].text = v
    return d


def synthetic_docx(n: int) -> bytes:
    buf = io.BytesIO()
    _docx(n).save(buf)
    return buf.getvalue()


def synthetic_pdf(n: int) -> bytes | None:
    """The Word table printed to PDF by LibreOffice (cached by content, conversions are slow)."""
    if shutil.which("soffice") is None:
        return None
    data = synthetic_docx(n)
    cached = (
        Path(tempfile.gettempdir())
        / f"kehoach-bench-{n}-{hashlib.sha256(_HEAD[0].encode() + str(n).encode()).hexdigest()[:8]}.pdf"
    )
    if cached.exists():
        return cached.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "plan.docx").write_bytes(data)
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{tmp}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                f"{tmp}/plan.docx",
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        pdf = (Path(tmp) / "plan.pdf").read_bytes()
    cached.write_bytes(pdf)
    return pdf


def synthetic_schedule_xlsx(n: int) -> bytes:
    """An inspection schedule: groups of 20 units, numbering restarting at 1 under each group."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["LỊCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    ws.append(["STT", "Đơn vị được kiểm tra", "Thời gian kiểm tra", "Đơn vị chủ trì", "Ghi chú"])
    for k in range(n):
        if k % 20 == 0:
            ws.append([f"Nhóm {k // 20 + 1}"])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=5)
        ws.append([k % 20 + 1, f"Ủy ban nhân dân xã số {k + 1}", _TIMES[3 + k % 3], "Sở Nội vụ", None])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


LAYOUTS = {
    "body_sections": (synthetic_sections, "plan.txt"),
    "table_docx": (synthetic_docx, "plan.docx"),
    "table_pdf": (synthetic_pdf, "plan.pdf"),
    "flattened_text": (synthetic_text, "plan.txt"),
    "markdown_tables": (synthetic_markdown, "plan.md"),
    "schedule_xlsx": (synthetic_schedule_xlsx, "plan.xlsx"),
}


def measure(data: bytes, name: str) -> dict:
    started = time.perf_counter()
    plan = parse_document(data, name)
    seconds = time.perf_counter() - started
    rss = sandbox.last_peak_rss
    cpu_started = time.process_time()
    parse_document(data, name, sandbox=False)
    cpu = time.process_time() - cpu_started
    tracemalloc.start()
    parse_document(data, name, sandbox=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "tasks": len(plan.tasks),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "peak_mib": round(peak / 1048576, 1),
        "child_rss_mib": round(rss / 1048576, 1),
        "file_kb": round(len(data) / 1024),
    }


def run_layout(layout: str, n_tasks: int = 300) -> dict:
    make, name = LAYOUTS[layout]
    data = make(n_tasks)
    if data is None:
        return {"skipped": "LibreOffice (soffice) is not installed"}
    return measure(data, name)


def run_benchmark(n_tasks: int = 300, layouts=None) -> dict:
    return {layout: run_layout(layout, n_tasks) for layout in (layouts or LAYOUTS)}


if __name__ == "__main__":
    for layout, figures in run_benchmark().items():
        print(f"{layout:<16} {figures}")
