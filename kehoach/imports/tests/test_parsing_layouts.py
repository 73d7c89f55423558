"""Plans of every layout the importer reads, from issuers the importer was not written against.

Each document in tests/data/plans/ sits beside the structure read from it by hand (same name, .json):
a province's plan with tasks as body sections, a steering committee's plan with Roman sections and
unit sub-headings (Markdown), a ministry's programme with two tables each introduced by a lettered
paragraph (Word), a department's inspection schedule with numbering restarting per group (Word and
Excel), a city's plan whose appendix table runs over pages without repeating its header (PDF), a
ministry's plan as flattened text with two introduced tables, and a decision whose Markdown appendix
table has a two-row header beside an indicator table.
"""

from __future__ import annotations

import pytest

from kehoach.imports.parsing import ImportRejected, parse_document

from .scoring import DATA, compare, load

PLANS = sorted(p for p in (DATA / "plans").iterdir() if p.suffix in (".txt", ".md", ".docx", ".xlsx", ".pdf"))


def _parse(path, **kw):
    return parse_document(path.read_bytes(), path.name, **kw)


def _expected(path):
    return load(path.with_suffix(".json"))


def test_every_layout_has_a_document():
    assert {p.suffix for p in PLANS} == {".txt", ".md", ".docx", ".xlsx", ".pdf"}


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_reads_the_plan_as_written(path):
    plan = _parse(path)
    pct, misses = compare(_expected(path), plan.to_gold())
    assert pct == 100.0, misses


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_same_file_twice_gives_the_same_output(path):
    assert _parse(path).to_dict() == _parse(path).to_dict()


def _plan(name):
    return _parse(DATA / "plans" / name)


def test_body_sections_share_a_block_and_keep_monitoring_apart():
    plan = _plan("kh-ubnd-phu-yen-cai-cach-hanh-chinh-2026.txt")
    tasks = {t.ref: t for t in plan.tasks}
    # 2.1 writes no unit lines of its own: the block after 2.2 serves both.
    assert tasks["2.1"].lead == tasks["2.2"].lead == ["Văn phòng Ủy ban nhân dân tỉnh"]
    assert "shared_block" in tasks["2.1"].flags and "shared_block" not in tasks["2.2"].flags
    assert tasks["2.2"].monitoring == ["Sở Nội vụ"] and "theo dõi" not in (tasks["2.2"].note or "")
    # Labels written on one line, and two bodies with no comma between them.
    assert tasks["2.3"].coordinating == ["Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"]
    # The purpose section and the "Tổ chức thực hiện" duties are not tasks.
    assert set(tasks) == {"1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2"}
    # The period is the title's year, not the 2021-2030 of a legal basis.
    assert plan.period == {"start": 2026, "end": 2026}


def test_merged_sentence_cell_is_kept_as_text_not_proposed_as_a_unit():
    plan = _plan("qd-bo-y-te-chuong-trinh-khong-lay-nhiem-2026.docx")
    task = next(t for t in plan.tasks if t.group == "a) Nhiệm vụ thường xuyên" and t.ref == "2")
    assert task.lead == [] and task.coordinating == []
    assert "not_a_unit" in task.flags and "no_lead" not in task.flags
    assert task.not_unit_text == [
        "Theo phân công tại Quyết định số 155/QĐ-BYT ngày 15/01/2026 của Bộ trưởng Bộ Y tế"
    ]
    assert task.to_dict()["not_unit_text"] == task.not_unit_text
    # Neither the indicator table nor the blank report form gives tasks.
    assert len(plan.tasks) == 5


def test_schedule_numbering_restarts_under_each_group():
    for name in (
        "kh-so-tai-chinh-quang-tri-kiem-tra-2026.docx",
        "lich-kiem-tra-so-tai-chinh-quang-tri-2026.xlsx",
    ):
        plan = _plan(name)
        keys = [(t.group, t.ref) for t in plan.tasks]
        assert len(keys) == len(set(keys)) == 7, name
        assert [t.ref for t in plan.tasks] == ["1", "2", "3", "1", "2", "1", "2"]


def test_table_over_pages_without_repeated_header():
    plan = _plan("kh-da-nang-du-lich-cong-dong-2026-2028.pdf")
    assert [t.ref for t in plan.tasks] == [str(n) for n in range(1, 10)]
    assert plan.tasks[6].group_path == ["C. Xúc tiến, quảng bá"]  # "C." follows "B.": a letter, not Roman 100


def test_partial_facts_come_with_the_refusal():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nSố: 12/KH-UBND\nNinh Thuận, ngày 05 tháng 3 năm 2026\n\n"
        "KẾ HOẠCH\nTổ chức Ngày Sách và Văn hóa đọc Việt Nam năm 2026\n\n"
        "I. MỤC ĐÍCH\nKhuyến khích phong trào đọc sách trong cộng đồng.\n"
        "II. NỘI DUNG\nCác hoạt động hưởng ứng được tổ chức trong tháng 4/2026.\n"
    )
    with pytest.raises(ImportRejected) as exc:
        parse_document(text.encode(), "plan.txt")
    assert exc.value.code == "no_task_table"
    partial = exc.value.partial
    assert partial is not None and partial.tasks == []
    assert partial.number == "12/KH-UBND" and partial.issued_on == "2026-03-05"
    assert partial.title == "Tổ chức Ngày Sách và Văn hóa đọc Việt Nam năm 2026"
    assert partial.to_gold()["document"]["issuer"] == "Ủy ban nhân dân tỉnh Ninh Thuận"


def test_no_partial_when_nothing_was_read():
    with pytest.raises(ImportRejected) as exc:
        parse_document(b"%PDF-1.4\nthis is not really a pdf", "plan.pdf")
    assert exc.value.partial is None


BODY_SECTION_PLANS = [
    "kh-ubnd-phu-yen-cai-cach-hanh-chinh-2026",
    "kh-ubnd-gia-lai-phong-chong-thien-tai-2021",
    "kh-ubnd-ha-tinh-cong-tac-dan-toc-2026",
]


def _as_word(name: str) -> bytes:
    import docx

    from .data.plans.build import _save

    d = docx.Document()
    for line in (DATA / "plans" / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        d.add_paragraph(line)
    return _save(d)


@pytest.mark.parametrize("name", BODY_SECTION_PLANS)
def test_body_sections_typed_in_word(name):
    plan = parse_document(_as_word(name), "plan.docx")
    pct, misses = compare(load(DATA / "plans" / f"{name}.json"), plan.to_gold())
    assert pct == 100.0, misses


@pytest.mark.render
@pytest.mark.parametrize("name", BODY_SECTION_PLANS)
def test_body_sections_printed_to_pdf(name):
    """Printed, the labelled lines wrap: a unit list or a role marker goes on on the next line."""
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from .data.plans.build import print_pdf

    plan = parse_document(print_pdf(_as_word(name)), "plan.pdf")
    pct, misses = compare(load(DATA / "plans" / f"{name}.json"), plan.to_gold())
    assert pct >= 98.0, misses
