"""The benchmark runs and parses every synthetic task (its timings are reported, not asserted)."""

from kehoach.imports.parsing.bench import run_benchmark


def test_benchmark_runs():
    result = run_benchmark(n_tasks=20)
    assert result["txt"]["tasks"] == 20 and result["docx"]["tasks"] == 20
    assert result["txt"]["peak_mib"] > 0
