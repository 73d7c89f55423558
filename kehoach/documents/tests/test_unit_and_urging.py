"""A unit's report and the urging letter built from the database (period texts given as plain inputs)."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.documents import selectors, services
from kehoach.documents.render import unit_report, urging_letter
from kehoach.documents.render.readback import find_paragraph, full_text, open_docx
from kehoach.plans.selectors import current_tasks

from .docx_checks import assert_header, assert_noi_nhan_and_signer, assert_page_and_fonts
from .test_selectors import _queries, synthetic

pytestmark = pytest.mark.django_db


def test_unit_tasks_include_tasks_given_to_a_group_it_belongs_to(plan, personas):
    tasks = selectors.unit_tasks_in_plan(plan, personas.unit_a)
    titles = [t.title for t, _ in tasks]
    # Task 1 is led by "Các đơn vị thuộc Bộ": every unit of the ministry reports on it.
    assert current_tasks(plan).first().title in titles
    assert {role for _, role in tasks} <= {"lead", "coordinating"}


def test_unit_report_is_issued_by_the_unit(plan, personas):
    unit = personas.unit_a
    services.signature_profile_set(actor=None, organization=unit, authority="KT. CỤC TRƯỞNG",
                                   title="Phó Cục trưởng", name="Lê Thị C")
    first = selectors.unit_tasks_in_plan(plan, unit)[0][0]
    inputs = selectors.UnitInputs(label="năm 2025", entries={str(first.lineage): {
        "status": "Đã hoàn thành", "percent": 100, "result": "Đã tổ chức 3 hội nghị.", "products": ["Báo cáo"]}},
        difficulties=["Thiếu kinh phí."], proposals=[])
    doc = open_docx(unit_report(selectors.unit_report_spec(plan, unit, inputs=inputs, date=dt.date(2026, 1, 5))))
    assert_page_and_fonts(doc)
    assert_header(doc, parent="Bộ Văn hóa, Thể thao và Du lịch", issuer="Cục Di sản văn hóa",
                  number_prefix="/BC-DSVH")
    text = full_text(doc)
    assert "Kính gửi: Cục Hợp tác quốc tế" in text.replace("\n", " ") or "Cục Hợp tác quốc tế" in text
    assert "Đã tổ chức 3 hội nghị." in text and "Thiếu kinh phí." in text
    assert_noi_nhan_and_signer(doc, title="PHÓ CỤC TRƯỞNG", name="Lê Thị C", archive="DSVH")
    find_paragraph(doc, "Hà Nội, ngày 05 tháng 01 năm 2026")


def test_unit_report_spec_query_count_is_constant(make_plan, personas):
    small, large = make_plan(parsed=synthetic(10)), make_plan(parsed=synthetic(30))
    from kehoach.organizations.models import Organization

    def unit():  # a fresh instance each time, as a request would load it
        return Organization.objects.get(pk=personas.unit_a.pk)

    assert _queries(lambda: selectors.unit_report_spec(small, unit())) == _queries(
        lambda: selectors.unit_report_spec(large, unit()))
    assert len(selectors.unit_report_spec(large, unit()).entries) > 10


def test_urging_letter_to_late_units(plan, personas):
    tasks = list(current_tasks(plan)[:3])
    owed = [(personas.unit_a, tasks[:2]), (personas.unit_b, tasks[2:])]
    doc = open_docx(urging_letter(selectors.urging_spec(plan, owed, label="năm 2025",
                                                        deadline=dt.date(2025, 12, 5))))
    assert_page_and_fonts(doc)
    assert_header(doc, parent="Bộ Văn hóa, Thể thao và Du lịch", issuer="Cục Hợp tác quốc tế",
                  number_prefix="/BVHTTDL-HTQT")
    text = full_text(doc)
    assert "V/v đôn đốc báo cáo" in text and "Cục Di sản văn hóa" in text and "Cục Điện ảnh" in text
    assert tasks[2].title in text
    find_paragraph(doc, "Nơi nhận:")
