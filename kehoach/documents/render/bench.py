"""Timing of the consolidated report on a large plan: ``python -m kehoach.documents.render.bench``."""

from __future__ import annotations

import json
import time

from .composers import consolidated_report
from .sample import build_sample_consolidated
from .sheets import plan_tasks_xlsx
from .specs import PlanTasksSheet


def run_benchmark(n_tasks: int = 500, n_units: int = 200, repeat: int = 3) -> dict:
    """Build a consolidated report for ``n_tasks`` tasks spread over ``n_units`` units ``repeat`` times
    and return the timings in seconds (best and mean) and the output size. Target: best < 3 s."""
    spec = build_sample_consolidated(n_tasks=n_tasks, n_units=n_units)
    times = []
    size = 0
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        size = len(consolidated_report(spec))
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    xlsx_size = len(plan_tasks_xlsx(PlanTasksSheet(title="Bench", rows=spec.rows, period_label="năm 2025")))
    xlsx_time = time.perf_counter() - start
    return {
        "n_tasks": n_tasks,
        "n_units": n_units,
        "docx_best_s": round(min(times), 3),
        "docx_mean_s": round(sum(times) / len(times), 3),
        "docx_bytes": size,
        "xlsx_s": round(xlsx_time, 3),
        "xlsx_bytes": xlsx_size,
    }


if __name__ == "__main__":
    print(json.dumps(run_benchmark(), indent=2))
