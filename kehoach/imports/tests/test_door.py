"""A refused import leads to manual entry with what it read; the XLSX template reads back exactly;
re-importing a plan always finishes, as a diff or as "no change"."""

import io
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from conftest import SEEDS
from kehoach.core.timeframes import parse_timeframe
from kehoach.imports.models import ImportJob
from kehoach.imports.parsing import parse_document
from kehoach.imports.parsing.grid import HEADINGS
from kehoach.imports.services import current_registry, import_bytes
from kehoach.imports.template import TEMPLATE_ROLES
from kehoach.plans.choices import PlanStatus
from kehoach.plans.models import Plan, Product
from kehoach.plans.services import plan_publish

from .scoring import DATA, compare

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The repository's own plans: the seeds and the test plans of every layout.
PLANS = sorted([*SEEDS.glob("*.txt"), *(p for p in (DATA / "plans").iterdir()
                                       if p.suffix in (".txt", ".md", ".docx", ".xlsx", ".pdf"))])


def plan_without_task_table() -> bytes:
    """A plan whose tasks are prose: the importer reads its facts and finds no task list."""
    d = docx.Document()
    for line in ["ỦY BAN NHÂN DÂN", "TỈNH NINH THUẬN", "Số: 12/KH-UBND", "Ninh Thuận, ngày 05 tháng 3 năm 2026",
                 "KẾ HOẠCH", "Tổ chức Ngày Sách và Văn hóa đọc Việt Nam năm 2026", "I. MỤC ĐÍCH",
                 "Khuyến khích phong trào đọc sách trong cộng đồng.", "II. NỘI DUNG",
                 "Các hoạt động hưởng ứng được tổ chức trong tháng 4/2026."]:
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.fixture
def coordinator(client, personas, django_capture_on_commit_callbacks):
    client.force_login(personas.coordinator)
    original = client.post

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(*args, **kwargs)

    client.post = post
    return client


def upload(client, name: str, data: bytes) -> ImportJob:
    client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(name, data)})
    return ImportJob.objects.order_by("-id").first()


def test_refused_import_offers_manual_entry_with_the_facts_it_read(coordinator):
    job = upload(coordinator, "ke-hoach.docx", plan_without_task_table())
    assert job.status == "failed" and job.error_code == "no_task_table"
    page = coordinator.get(job.get_absolute_url()).content.decode()
    assert "Nhập nhiệm vụ thủ công" in page and "99%" not in page and "Không đọc được" in page
    manual = coordinator.get(reverse("imports:manual") + f"?job={job.pk}")
    form = manual.context["form"]
    assert form["number"].value() == "12/KH-UBND" and str(form["issued_on"].value()) == "2026-03-05"
    assert form["title"].value() == "Tổ chức Ngày Sách và Văn hóa đọc Việt Nam năm 2026"
    html = manual.content.decode()
    assert 'value="12/KH-UBND"' in html and 'value="05/03/2026"' in html
    assert not Plan.objects.exists()


def test_template_download_then_upload_reads_back_exactly(coordinator):
    response = coordinator.get(reverse("imports:template"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Nhiệm vụ"]
    assert [c.value for c in sheet[1]] == [HEADINGS[r] for r in TEMPLATE_ROLES]
    assert "Cục Hợp tác quốc tế" in [c.value for c in book["Hướng dẫn"]["C"]]
    assert sheet.data_validations.dataValidation  # the unit columns offer the registry's names
    sheet.delete_rows(2)  # the example row
    expected = []
    for k in range(1, 13):
        group = "I. Hợp tác song phương" if k <= 6 else "II. Hợp tác đa phương"
        if k in (1, 7):
            sheet.append(group.split(" ", 1))  # a group heading row: its number and name
        task = {"ref": str(k), "title": f"Tổ chức hoạt động giao lưu văn hóa lần thứ {k}",
                "lead": "Cục Hợp tác quốc tế", "coordinating": "Cục Di sản văn hóa; Cục Điện ảnh",
                "monitoring": "", "products": "Báo cáo, Kỷ yếu", "timeframe": f"Quý {1 + k % 4}/2026",
                "funding": "Ngân sách nhà nước" if k % 2 else "", "note": ""}
        sheet.append([task[r] or None for r in TEMPLATE_ROLES])
        expected.append({"group": group, "group_path": [group], "ref": str(k), "title": task["title"],
                         "lead": ["Cục Hợp tác quốc tế"], "coordinating": ["Cục Di sản văn hóa", "Cục Điện ảnh"],
                         "monitoring": [], "products": ["Báo cáo", "Kỷ yếu"], "partners": [],
                         "funding": task["funding"] or None, "note": None,
                         "timeframe": parse_timeframe(task["timeframe"])})
    out = io.BytesIO()
    book.save(out)
    got = parse_document(out.getvalue(), "mau-phu-luc.xlsx", registry=current_registry()).to_gold()
    score, misses = compare({"tasks": expected}, got, tasks_only=True)
    assert score == 100.0, misses
    assert len(got["tasks"]) == 12
    job = upload(coordinator, "mau-phu-luc.xlsx", out.getvalue())
    assert job.status == "done" and job.plan.tasks.count() == 12


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_cli_import_twice_ends_with_no_change(registry, path):
    first, second = io.StringIO(), io.StringIO()
    call_command("import", str(path), "--publish", stdout=first)
    assert "đã ban hành" in first.getvalue()
    call_command("import", str(path), stdout=second)
    assert "Không có thay đổi" in second.getvalue()
    assert Plan.objects.count() == 1


@pytest.mark.parametrize("name", ["ke-hoach-hop-tac-cong-nghe-2021-2025.txt", "kh-so-tai-chinh-quang-tri-kiem-tra-2026.docx"])
def test_web_upload_twice_ends_with_no_change(coordinator, name):
    path = next(p for p in PLANS if p.name == name)
    first = upload(coordinator, name, path.read_bytes())
    assert first.status == "done" and first.plan.status == PlanStatus.DRAFT
    again = upload(coordinator, name, path.read_bytes())
    page = coordinator.get(again.get_absolute_url()).content.decode()
    assert again.status == "done" and again.plan is None and "Không có thay đổi" in page
    coordinator.post(reverse("imports:publish", args=[first.plan.pk]), {"create_unknown": "on"})
    third = upload(coordinator, name, path.read_bytes())
    assert third.status == "done" and third.error_code == "no_change" and third.replaces_id == first.plan.pk
    assert Plan.objects.count() == 1


def small_plan(rows: list[str]) -> bytes:
    head = ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nSố: 20/KH-BVHTTDL\nHà Nội, ngày 10 tháng 01 năm 2026\n\nKẾ HOẠCH\n"
            "Giao lưu văn hóa năm 2026\n\n| STT | Nội dung | Đơn vị chủ trì | Thời gian |\n|---|---|---|---|\n")
    return (head + "".join(f"| {k} | {title} | Cục Hợp tác quốc tế | Quý II/2026 |\n"
                           for k, title in enumerate(rows, start=1))).encode()


def test_corrected_plan_shows_a_diff_before_it_is_applied(coordinator):
    first = upload(coordinator, "kh-20.md", small_plan(["Tổ chức tuần văn hóa", "Tổ chức hội thảo"]))
    coordinator.post(reverse("imports:publish", args=[first.plan.pk]), {"create_unknown": "on"})
    # The corrected plan: same number and date, one task reworded, one added; uploaded without saying so.
    second = upload(coordinator, "kh-20-sua.md",
                    small_plan(["Tổ chức tuần văn hóa", "Tổ chức hội thảo quốc tế", "Xuất bản kỷ yếu"]))
    assert second.status == "done" and second.plan.replaces_id == first.plan.pk
    review = coordinator.get(reverse("imports:review", args=[second.plan.pk]))
    assert sorted(c.kind for c in review.context["changes"]) == ["added", "changed"]
    assert "Xuất bản kỷ yếu" in review.content.decode()
    coordinator.post(reverse("imports:publish", args=[second.plan.pk]))
    first.plan.refresh_from_db()
    assert first.plan.current_version.number == 2 and first.plan.tasks.filter(is_current=True).count() == 3


def test_long_product_names_are_stored_whole_and_found_again(registry, tmp_path):
    long_name = "Báo cáo " + "đánh giá toàn diện kết quả thực hiện chương trình " * 4
    text = ("KẾ HOẠCH\nThử nghiệm sản phẩm dài\n\nSTT | Nội dung | Đơn vị chủ trì | Sản phẩm | Thời gian\n"
            f"1 | Tổng kết chương trình | Cục Hợp tác quốc tế | {long_name.strip()} | Quý IV/2026\n")
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    plan = import_bytes(data=path.read_bytes(), filename=path.name, actor=None)
    plan_publish(plan=plan, actor=None, create_unknown=True)
    stored = Product.objects.get(tasks__plan=plan).name
    assert stored == long_name.strip() and len(stored) > 120  # whole, not cut at 120
    products = Product.objects.count()
    out = io.StringIO()
    call_command("import", str(path), stdout=out)  # reads the long name again and finds it
    assert "Không có thay đổi" in out.getvalue() and Product.objects.count() == products


def test_a_failed_job_says_it_failed_and_why(coordinator):
    job = upload(coordinator, "plan.pdf", b"%PDF-1.4 this is not really a pdf")
    status = coordinator.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="failed"' in status and "Không nhập được tệp này" in status and "%" not in status.split(
        "progress-bar")[-1].split("</div>")[0]
    assert Path(job.file.name).name == "plan.pdf"


def test_review_page_rows_to_check_first_each_beside_its_source_lines(coordinator):
    rows = ["Tổ chức tuần văn hóa", "Tổ chức hội thảo", "Xuất bản kỷ yếu"]
    text = small_plan(rows).decode().replace("| 3 | Xuất bản kỷ yếu | Cục Hợp tác quốc tế | Quý II/2026 |",
                                             "| 3 | Xuất bản kỷ yếu | Nhà xuất bản Chưa Biết | Khi có điều kiện |")
    job = upload(coordinator, "kh-review.md", text.encode())
    response = coordinator.get(reverse("imports:review", args=[job.plan.pk]))
    html = response.content.decode()
    assert "{{" not in html and "task.source_lines" not in html
    tasks = response.context["tasks"]
    assert tasks[0].title == "Xuất bản kỷ yếu"  # the row with something to check comes first
    assert [f for f, _why in tasks[0].flag_help] == ["unknown_unit", "unparsed_timeframe"]
    assert "Chưa hiểu thời gian: hệ thống không tính được hạn" in html
    assert '<div class="source-lines"><div>3 | Xuất bản kỷ yếu | Nhà xuất bản Chưa Biết | Khi có điều kiện</div>' in html


def test_a_table_typed_without_outer_bars_reads_clean_cells():
    text = ("KẾ HOẠCH\nTổ chức Tuần văn hóa năm 2026\n\nSTT | Nội dung | Đơn vị chủ trì | Thời gian\n"
            "1 | Khai mạc Tuần văn hóa | Cục Hợp tác quốc tế | Tháng 4/2026\n")
    task = parse_document(text.encode(), "plan.txt").tasks[0]
    assert (task.title, task.lead, task.timeframe["kind"]) == ("Khai mạc Tuần văn hóa", ["Cục Hợp tác quốc tế"], "month")
