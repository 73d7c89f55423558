"""The two real plans shipped as seeds (flattened PDF text), against the structures read from them by hand."""

from __future__ import annotations

import pytest

from kehoach.imports.parsing import UnitRegistry, parse_document

from .scoring import compare
from .test_parsing_support import GOLDS, load, seed_text


def _registry() -> UnitRegistry:
    names = set()
    for path in GOLDS:
        gold = load(path)
        for t in gold["tasks"]:
            names.update(t["lead"] + t["coordinating"])
        names.add(gold["document"]["coordinator"])
    return UnitRegistry(names)


def test_seed_data_is_there():
    assert len(GOLDS) == 2  # the repository carries its own expected structures


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("with_registry", [False, True], ids=["no-registry", "registry"])
def test_seed_scores_100(gold_path, with_registry):
    registry = _registry() if with_registry else None
    plan = parse_document(seed_text(gold_path).encode("utf-8"), gold_path.stem + ".txt", registry=registry)
    pct, misses = compare(load(gold_path), plan.to_gold())
    assert pct == 100.0, misses


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_same_document_twice_gives_the_same_output(gold_path):
    data = seed_text(gold_path).encode("utf-8")
    assert parse_document(data, "plan.txt").to_dict() == parse_document(data, "plan.txt").to_dict()


def _seed(prefix: str):
    return next(p for p in GOLDS if p.stem.startswith(prefix))


def test_seed_extras_and_progress():
    path = _seed("ke-hoach-hoi-nhap")
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
    # Version 2 of the shape: the plan's own number and date are blank on this unsigned copy.
    assert data["document"]["number"] is None and data["document"]["date"] is None
    assert all(t["group_path"] == [] and t["monitoring"] == [] for t in data["tasks"])


def test_group_path_of_a_grouped_table():
    path = _seed("ke-hoach-hop-tac")
    plan = parse_document(seed_text(path).encode("utf-8"), "plan.txt").to_gold()
    groups = {t["group"]: t["group_path"] for t in plan["tasks"]}
    assert groups["Năm 2022"] == ["Năm 2022"]
    assert all(t["group_path"][-1] == t["group"] for t in plan["tasks"])


def test_registry_flags_unknown_units():
    path = _seed("ke-hoach-hoi-nhap")
    plan = parse_document(
        seed_text(path).encode("utf-8"), "plan.txt", registry=UnitRegistry(["Cục Hợp tác quốc tế"])
    )
    task = plan.tasks[0]
    assert "unknown_unit" in task.flags and "Các đơn vị thuộc Bộ" in task.unknown_names
    assert (
        "unknown_unit" not in plan.tasks[2].flags or "Cục Hợp tác quốc tế" not in plan.tasks[2].unknown_names
    )
