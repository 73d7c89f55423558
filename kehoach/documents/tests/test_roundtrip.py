"""A plan exported to XLSX or DOCX and read back by the real importer gives the same plan."""

from __future__ import annotations

import pytest

from kehoach.documents import services
from kehoach.documents.choices import DocumentKind
from kehoach.plans.export import plan_to_gold

pytestmark = pytest.mark.django_db


def _comparable(tasks: list[dict]) -> list[dict]:
    return [{"group": t["group"] or None, "ref": t["ref"], "title": t["title"], "lead": t["lead"],
             "coordinating": t["coordinating"], "products": t["products"], "timeframe": t["timeframe"]}
            for t in tasks]


@pytest.mark.parametrize("kind,ext", [(DocumentKind.PLAN_XLSX, "xlsx"), (DocumentKind.PLAN_DOCX, "docx")])
@pytest.mark.parametrize("name", ["000", "001"])
def test_exported_plan_reads_back_the_same(make_plan, name, kind, ext):
    from kehoach.imports.services import parse_bytes

    plan = make_plan(name)
    document = services.document_generate_now(actor=None, plan=plan, kind=kind)
    parsed = parse_bytes(document.file.read(), f"x.{ext}").to_dict()
    expected = _comparable(plan_to_gold(plan)["tasks"])
    got = _comparable(parsed["tasks"])
    assert len(got) == len(expected)
    for e, g in zip(expected, got, strict=True):
        assert g == e
