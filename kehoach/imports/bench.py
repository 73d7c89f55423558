"""Import of a large plan end to end (read the file, store the draft), timed, in a rolled-back transaction."""

from __future__ import annotations

import io
import time
import tracemalloc

from django.db import transaction
from docx import Document

from kehoach.organizations.services import registry_load

from .parsing.bench import run_layout
from .services import import_bytes

UNITS = [
    "Cục Hợp tác quốc tế",
    "Cục Di sản văn hóa",
    "Vụ Kế hoạch, Tài chính",
    "Cục Điện ảnh",
    "Cục Phát thanh, Truyền hình và Thông tin điện tử",
    "Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch",
]
TIMEFRAMES = ["Thường xuyên", "Hàng năm", "2026", "2025-2030", "Quý III/2026", "Theo kế hoạch đề ra"]
PRODUCTS = ["Báo cáo", "Đề án/Kế hoạch", "Sự kiện", "Cơ sở dữ liệu"]


def synthetic_docx(n_tasks: int, edition: int = 0) -> bytes:
    """A plan whose appendix is a Word table of ``n_tasks`` rows in groups of 25; each ``edition`` is a distinct
    document (the same bytes imported twice end as "no change" and store nothing)."""
    doc = Document()
    doc.add_paragraph("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Triển khai thử nghiệm hợp tác quốc tế giai đoạn 2026-2030"
                      + (f", đợt {edition}" if edition else ""))
    doc.add_paragraph("Các đơn vị báo cáo Cục Hợp tác quốc tế trước ngày 30 tháng 11 hàng năm.")
    table = doc.add_table(rows=1, cols=6)
    for cell, text in zip(
        table.rows[0].cells,
        ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm/Kết quả", "Thời gian thực hiện"],
        strict=True,
    ):
        cell.text = text
    for i in range(1, n_tasks + 1):
        if i % 25 == 1:
            table.add_row().cells[1].text = f"{'IVX'[min(i // 100, 2)]}. Nhóm nhiệm vụ {i // 25 + 1}"
        cells = table.add_row().cells
        values = [
            str(i),
            f"Triển khai nhiệm vụ hợp tác quốc tế số {i} về văn hóa, thể thao và du lịch",
            UNITS[i % len(UNITS)],
            f"{UNITS[(i + 2) % len(UNITS)]}; Các đơn vị liên quan",
            PRODUCTS[i % len(PRODUCTS)],
            TIMEFRAMES[i % len(TIMEFRAMES)],
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _import_once(data: bytes, *, trace: bool) -> tuple[int, float, int]:
    with transaction.atomic():
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        plan = import_bytes(data=data, filename="ke-hoach-300.docx", actor=None)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        if trace:
            tracemalloc.stop()
        stored = plan.tasks.count()
        transaction.set_rollback(True)
    return stored, elapsed, peak


def import_300(n_tasks: int = 300) -> dict:
    """Time without tracing (tracemalloc slows Python down), then peak memory in a second, traced run."""
    data = synthetic_docx(n_tasks)
    with transaction.atomic():  # nothing the benchmark writes is kept
        registry_load()
        stored, elapsed, _ = _import_once(data, trace=False)
        _, _, peak = _import_once(data, trace=True)
        transaction.set_rollback(True)
    return {
        "tasks": stored,
        "seconds": round(elapsed, 3),
        "peak_mb": round(peak / 1e6, 1),
        "file_kb": round(len(data) / 1024),
    }


def _parse_300(layout: str):
    def run() -> dict:
        return run_layout(layout, 300)

    run.__doc__ = f"The parser alone on a 300-task plan laid out as {layout.replace('_', ' ')}."
    return run


BENCHMARKS = {
    "import_300_docx": import_300,
    **{
        f"parse_300_{layout}": _parse_300(layout)
        for layout in (
            "body_sections",
            "table_docx",
            "table_pdf",
            "flattened_text",
            "markdown_tables",
            "schedule_xlsx",
        )
    },
}
