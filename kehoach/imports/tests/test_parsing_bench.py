"""The benchmark runs every layout and parses every synthetic task (its timings are reported, not asserted)."""

import pytest

from kehoach.imports.parsing.bench import LAYOUTS, run_layout


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name != "table_pdf"])
def test_benchmark_reads_every_task(layout):
    result = run_layout(layout, n_tasks=20)
    assert result["tasks"] == 20
    assert result["peak_mib"] > 0 and result["seconds"] > 0


def test_bench_command_lists_each_layout():
    from kehoach.imports.bench import BENCHMARKS

    assert {"parse_300_body_sections", "parse_300_table_pdf", "parse_300_schedule_xlsx"} <= set(BENCHMARKS)
