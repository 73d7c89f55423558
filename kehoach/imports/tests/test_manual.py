"""The second door: a plan entered by hand or pasted, the same review and publish as an import."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.imports.manual import read_rows
from kehoach.imports.parsing import UnitRegistry
from kehoach.imports.parsing.grid import GridRejected, guess_roles, split_pasted, tasks_from_rows
from kehoach.imports.services import current_registry, plan_create_manual
from kehoach.plans.choices import PlanStatus, VersionSource
from kehoach.plans.models import Plan, Task

LEAD, OTHER = "Cục Hợp tác quốc tế", "Cục Di sản văn hóa"
PASTE_HEADER = "STT\tNội dung công việc\tĐơn vị chủ trì\tĐơn vị phối hợp\tSản phẩm\tThời gian hoàn thành\n"


def pasted(n: int = 10) -> str:
    body = "".join(f"{k}\tHoạt động hợp tác số {k}\t{LEAD}\t{OTHER}, Cục Điện ảnh\tBáo cáo\tQuý {1 + k % 4}/2026\n"
                   for k in range(1, n + 1))
    return PASTE_HEADER + "I.\tNhóm hoạt động thứ nhất\n" + body


FACTS = {"kind": "plan", "number": "15/KH-BVHTTDL", "issued_on": "05/03/2026", "issuer": "",
         "title": "Kế hoạch hợp tác quốc tế năm 2026", "period_start": "2026", "period_end": "2026",
         "coordinator": LEAD, "report_due": "15/12", "signer": "Nguyễn Văn A", "signer_title": "Thứ trưởng",
         "legal_bases": "Nghị định số 12/2025/NĐ-CP ngày 10/01/2025"}


@pytest.fixture
def coordinator(client, personas):
    client.force_login(personas.coordinator)
    return client


def test_paste_header_guesses_columns_with_the_importer_headings(registry):
    rows = split_pasted(pasted(3))
    roles, header = guess_roles(rows)
    assert header and roles == ["ref", "title", "lead", "coordinating", "products", "timeframe"]
    tasks = read_rows(rows[1:], roles, current_registry(), first_row=2)
    assert len(tasks) == 3 and tasks[0].group == "I. Nhóm hoạt động thứ nhất"
    assert tasks[0].coordinating == [OTHER, "Cục Điện ảnh"] and tasks[0].flags == []
    assert tasks[1].timeframe["kind"] == "quarter"


def test_excel_cell_with_line_breaks_is_one_cell_listing_units(registry):
    rows = split_pasted(f'1\tTổ chức hội nghị\t"{LEAD}\n{OTHER}"\tThường xuyên\n')
    tasks = read_rows(rows, ["ref", "title", "lead", "timeframe"], current_registry())
    assert tasks[0].lead == [LEAD, OTHER] and tasks[0].timeframe["kind"] == "continuous"


def test_unknown_unit_is_flagged_never_created(registry, personas):
    tasks = read_rows([["1", "Nhiệm vụ", "Cục Không Có Thật"]], ["ref", "title", "lead"], current_registry())
    assert tasks[0].flags == ["unknown_unit"] and tasks[0].unknown_names == ["Cục Không Có Thật"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\tA\t" + LEAD + "\n2\t\t" + LEAD + "\n", "Dòng 2, cột “Nội dung nhiệm vụ”: thiếu tên nhiệm vụ."),
        ("1\tA\n1\tB\n", "Dòng 2, cột “STT”: trùng số thứ tự với dòng 1"),
        ("1\tA\n" + "x" * 30 + "\tB\n", "Dòng 2, cột “STT”: dài quá 20 ký tự."),
    ],
)
def test_bad_paste_names_row_and_column_and_writes_nothing(coordinator, text, message):
    before = (Plan.objects.count(), Task.objects.count())
    response = coordinator.post(reverse("imports:manual"), {**FACTS, "paste": text, "action": "paste_add",
                                                           "map": ["ref", "title", "lead"], "rows": "0"})
    assert response.status_code == 400 and message in response.content.decode()
    assert (Plan.objects.count(), Task.objects.count()) == before


def test_mapping_without_a_task_column_is_refused(coordinator):
    response = coordinator.post(reverse("imports:manual"), {"paste": "1\tA\n", "action": "paste_preview",
                                                           "map": ["ref", ""], "rows": "0"})
    assert response.status_code == 400 and "Chưa chọn cột “Nội dung nhiệm vụ”" in response.content.decode()


def test_service_refuses_nothing_to_create_and_non_coordinators(personas):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        plan_create_manual(actor=personas.coordinator, document={"title": "X"}, tasks=[])
    with pytest.raises(PermissionDenied):
        plan_create_manual(actor=personas.focal_a, document={"title": "X"}, tasks=[])
    assert not Plan.objects.exists()


def test_manual_page_is_for_the_coordinator_only(client, personas):
    client.force_login(personas.focal_a)
    assert client.get(reverse("imports:manual")).status_code == 404
    assert client.get(reverse("imports:template")).status_code == 404


def test_grid_creates_a_draft_reviewed_and_published_like_an_import(coordinator):
    grid = {"rows": "2", "r-0-ref": "1", "r-0-title": "Xây dựng đề án", "r-0-lead": f"{LEAD}, {OTHER}",
            "r-0-timeframe": "Trước ngày 30/9/2026", "r-1-ref": "2", "r-1-title": "Tổ chức hội nghị",
            "r-1-lead": LEAD, "r-1-coordinating": "Cục Không Có Thật", "r-1-timeframe": "Thường xuyên"}
    response = coordinator.post(reverse("imports:manual"), {**FACTS, **grid, "action": "create"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:review", args=[plan.pk])
    assert plan.status == PlanStatus.DRAFT and plan.current_version.source == VersionSource.MANUAL
    assert plan.number == "15/KH-BVHTTDL" and str(plan.issued_on) == "2026-03-05" and plan.coordinator.name == LEAD
    assert [(d.month, d.day) for d in plan.reporting_deadlines.all()] == [(12, 15)]
    assert plan.legal_bases.get().number == "12/2025/NĐ-CP"
    first = plan.tasks.get(ref="1")
    assert [a.raw_name for a in first.assignments.all()] == [LEAD, OTHER] and first.timeframe_kind == "deadline"
    review = coordinator.get(reverse("imports:review", args=[plan.pk])).content.decode()
    assert "Cục Không Có Thật" in review and "Đơn vị chưa có trong danh mục" in review
    coordinator.post(reverse("imports:publish", args=[plan.pk]), {"create_unknown": "on"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED


def test_paste_preview_then_add_then_create(coordinator):
    url = reverse("imports:manual")
    preview = coordinator.post(url, {**FACTS, "paste": pasted(10), "action": "paste_preview", "rows": "0"})
    assert preview.status_code == 200 and len(preview.context["paste_preview"]) == 10
    assert "Nội dung công việc" not in [t.title for t in preview.context["paste_preview"]]
    added = coordinator.post(url, {**FACTS, "paste": pasted(10), "action": "paste_add", "rows": "0",
                                   "map": preview.context["paste_roles"]})
    cells = {f"r-{row['n']}-{role}": value for row in added.context["grid"] for role, _l, value in row["cells"]}
    assert cells["r-9-title"] == "Hoạt động hợp tác số 10" and cells["r-0-group"] == "I. Nhóm hoạt động thứ nhất"
    created = coordinator.post(url, {**FACTS, **cells, "rows": str(len(added.context["grid"])), "action": "create"})
    assert created.status_code == 302
    assert Plan.objects.get().tasks.count() == 10


def test_manual_page_in_english(coordinator):
    coordinator.post(reverse("set_language"), {"language": "en", "next": "/imports/manual/"})
    html = coordinator.get(reverse("imports:manual")).content.decode()
    assert "Create a plan by hand" in html and "Paste from Excel or Word" in html and "Task table" in html
    bad = coordinator.post(reverse("imports:manual"), {"paste": "1\t\tCục Hợp tác quốc tế\n", "action": "paste_preview",
                                                      "map": ["ref", "title", "lead"], "rows": "0"})
    assert "Row 1, column “Task”: the task text is missing." in bad.content.decode()


def thin_plan() -> bytes:
    return ("KẾ HOẠCH\nTổ chức Tuần văn hóa năm 2026\n\n| STT | Nội dung | Đơn vị chủ trì | Thời gian |\n"
            f"|---|---|---|---|\n| 1 | Khai mạc Tuần văn hóa | {LEAD} | Tháng 4/2026 |\n").encode()


def test_thin_import_is_completed_by_hand_and_its_draft_archived(coordinator, personas):
    from kehoach.imports.services import import_bytes

    draft = import_bytes(data=thin_plan(), filename="tuan-van-hoa.md", actor=personas.coordinator)
    review = coordinator.get(reverse("imports:review", args=[draft.pk])).content.decode()
    assert "Đọc được rất ít nhiệm vụ" in review and f"?plan={draft.pk}" in review
    page = coordinator.get(reverse("imports:manual") + f"?plan={draft.pk}")
    assert page.context["form"]["title"].value() == "Tổ chức Tuần văn hóa năm 2026"
    cells = {f"r-{row['n']}-{role}": value for row in page.context["grid"] for role, _l, value in row["cells"]}
    assert cells["r-0-title"] == "Khai mạc Tuần văn hóa" and cells["r-0-lead"] == LEAD
    cells.update({"r-1-ref": "2", "r-1-title": "Bế mạc Tuần văn hóa", "r-1-lead": LEAD})
    created = coordinator.post(reverse("imports:manual"), {**FACTS, **cells, "rows": len(page.context["grid"]),
                                                          "from_plan": draft.pk, "action": "create"})
    assert created.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ARCHIVED
    assert Plan.objects.get(status=PlanStatus.DRAFT).tasks.count() == 2


def test_fixing_a_unit_on_the_review_page_splits_it_like_the_importer(coordinator, personas):
    from kehoach.imports.services import import_bytes

    draft = import_bytes(data=thin_plan(), filename="tuan-van-hoa.md", actor=personas.coordinator)
    task = draft.tasks.get()
    row = coordinator.post(reverse("imports:task_edit", args=[task.pk]), {
        "ref": "1", "group": "", "title": task.title, "lead": f"{LEAD}, Vụ Kế hoạch, Tài chính",
        "coordinating": "", "products": "", "timeframe_raw": "Quý III/2026", "partners": "",
        "funding": "", "note": ""}, HTTP_HX_REQUEST="true")
    assert row.status_code == 200
    assert [a.raw_name for a in task.assignments.order_by("position")] == [LEAD, "Vụ Kế hoạch, Tài chính"]
    assert all(a.organization_id for a in task.assignments.all())
    task.refresh_from_db()
    assert task.timeframe_kind == "quarter" and str(task.timeframe_start) == "2026-07-01"


def test_review_page_queries_do_not_grow_with_rows(coordinator, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def plan_of(n: int) -> Plan:
        rows = "".join(f"{k} | Nhiệm vụ số {k} | {LEAD}; Cục Ảo {k} | Quý II/2026\n" for k in range(1, n + 1))
        text = f"KẾ HOẠCH\nKế hoạch {n}\n\nSTT | Nội dung | Đơn vị chủ trì | Thời gian\n{rows}"
        from kehoach.imports.services import import_bytes

        return import_bytes(data=text.encode(), filename=f"k{n}.md", actor=personas.coordinator)

    counts = []
    for plan in (plan_of(3), plan_of(30)):
        with CaptureQueriesContext(connection) as ctx:
            assert coordinator.get(reverse("imports:review", args=[plan.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"report_due": "32/13"}, "Hạn báo cáo ghi theo dạng ngày/tháng"),
        ({"coordinator": "Cục Không Có Thật"}, "không có trong danh mục đơn vị"),
        ({"title": ""}, "Trường này là bắt buộc"),
        ({"r-0-title": ""}, "Dòng 1, cột “Nội dung nhiệm vụ”: thiếu tên nhiệm vụ."),
    ],
)
def test_bad_facts_or_rows_refuse_the_whole_plan(coordinator, change, message):
    data = {**FACTS, "rows": "1", "r-0-ref": "1", "r-0-title": "Xây dựng đề án", "r-0-lead": LEAD,
            "action": "create", **change}
    response = coordinator.post(reverse("imports:manual"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Plan.objects.exists() and not Task.objects.exists()


def test_add_rows_without_javascript(coordinator):
    page = coordinator.post(reverse("imports:manual"), {"rows": "10", "action": "add_rows", "r-0-title": "Giữ lại"})
    assert len(page.context["grid"]) == 20 and page.context["grid"][0]["cells"][1][2] == "Giữ lại"


_CELLS = st.text(alphabet=st.sampled_from(list("1I. \t\n\"|;,/Cục Vụ Quý II/2026 aăâđ")), max_size=60)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=400) | st.lists(_CELLS, max_size=12).map("\n".join))
def test_any_pasted_text_is_read_or_refused_clearly(text):
    """Whatever lands in the paste box: tasks, or a refusal naming rows; never another error."""
    rows = split_pasted(text)
    roles, header = guess_roles(rows)
    try:
        tasks = tasks_from_rows(rows[1:] if header else rows, roles, UnitRegistry(["Cục Hợp tác quốc tế"]))
    except GridRejected as exc:
        assert exc.problems and all(p.row >= 0 for p in exc.problems)
    else:
        assert all(t.title for t in tasks)
