"""The two real plans (flattened PDF text) and their hand-checked gold, through the shared scorer."""

from __future__ import annotations

import pytest

from kehoach.imports.parsing import UnitRegistry, parse_document

from .test_parsing_support import GOLDS, SHARED, load, score, seed_text

pytestmark = pytest.mark.skipif(not GOLDS, reason=f"shared gold files not found under {SHARED}")


def _registry() -> UnitRegistry:
    names = set()
    for path in GOLDS:
        gold = load(path)
        for t in gold["tasks"]:
            names.update(t["lead"] + t["coordinating"])
        names.add(gold["document"]["coordinator"])
    return UnitRegistry(names)


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("with_registry", [False, True], ids=["no-registry", "registry"])
def test_seed_scores_100(gold_path, with_registry):
    registry = _registry() if with_registry else None
    plan = parse_document(seed_text(gold_path).encode("utf-8"), gold_path.stem + ".txt", registry=registry)
    assert score(load(gold_path), plan.to_gold()) == 100.0


def test_seed_extras_and_progress():
    path = next(p for p in GOLDS if p.stem.startswith("000"))
    calls = []
    plan = parse_document(
        seed_text(path).encode("utf-8"), "plan.txt", progress=lambda d, t: calls.append((d, t))
    )
    data = plan.to_dict()
    assert calls and calls[-1][0] == calls[-1][1]
    assert data["document"]["format"] == "txt"
    assert data["document"]["signer_title"] == "BỘ TRƯỞNG"
    assert data["document"]["report_schedule"] == [
        {"month": 11, "day": 30, "text": "trước ngày 30 tháng 11 hàng năm"}
    ]
    assert data["document"]["finance_unit"] == "Vụ Kế hoạch, Tài chính"
    assert all(t["source_lines"] for t in data["tasks"])
    assert "unparsed_timeframe" in data["tasks"][7]["flags"]


def test_registry_flags_unknown_units():
    path = next(p for p in GOLDS if p.stem.startswith("000"))
    plan = parse_document(
        seed_text(path).encode("utf-8"), "plan.txt", registry=UnitRegistry(["Cục Hợp tác quốc tế"])
    )
    task = plan.tasks[0]
    assert "unknown_unit" in task.flags and "Các đơn vị thuộc Bộ" in task.unknown_names
    assert (
        "unknown_unit" not in plan.tasks[2].flags or "Cục Hợp tác quốc tế" not in plan.tasks[2].unknown_names
    )
