"""Benchmark: parse a synthetic plan of n tasks as flattened text and as DOCX; time and peak memory."""

from __future__ import annotations

import io
import time
import tracemalloc

from . import parse_document

_UNITS = [
    "Cục Hợp tác quốc tế",
    "Vụ Kế hoạch, Tài chính",
    "Cục Di sản văn hóa",
    "Trung tâm Công nghệ thông tin",
]
_TIMES = ["Thường xuyên", "Hàng năm", "2025", "Quý III/2026", "Tháng 5/2027", "2025-2030"]


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
    lines = [
        "KẾ HOẠCH",
        "Hợp tác quốc tế giai đoạn 2025-2030",
        "",
        "TT Nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp Sản phẩm Thời gian thực hiện",
    ]
    for ref, title, lead, coord, product, when in _rows(n):
        lines += [f"{ref}. {title}", f"{lead} {coord} {product} {when}", ""]
    return "\n".join(lines).encode("utf-8")


def synthetic_docx(n: int) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Hợp tác quốc tế giai đoạn 2025-2030")
    table = d.add_table(rows=1, cols=6)
    for k, h in enumerate(
        ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm", "Thời gian thực hiện"]
    ):
        table.rows[0].cells[k].text = h
    for values in _rows(n):
        cells = table.add_row().cells
        for k, v in enumerate(values):
            cells[k].text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _measure(data: bytes, name: str) -> dict:
    # Timed on its own: tracemalloc slows allocation-heavy code several times over.
    started = time.perf_counter()
    plan = parse_document(data, name)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    parse_document(data, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": round(seconds, 3), "peak_mib": round(peak / 1048576, 1), "tasks": len(plan.tasks)}


def run_benchmark(n_tasks: int = 300) -> dict:
    return {
        "txt": _measure(synthetic_text(n_tasks), "plan.txt"),
        "docx": _measure(synthetic_docx(n_tasks), "plan.docx"),
    }


if __name__ == "__main__":
    print(run_benchmark())
