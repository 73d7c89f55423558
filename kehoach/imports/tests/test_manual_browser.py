"""The coordinator creates plans by hand and by pasting a table, in real Chromium, and publishes them."""

from pathlib import Path

import pytest

from kehoach.core.testing import CHROMIUM, CHROMIUM_ARGS, artifacts_dir, require_browser
from kehoach.plans.choices import PlanStatus, VersionSource
from kehoach.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[3] / "docs"
UNITS = ["Cục Hợp tác quốc tế", "Cục Di sản văn hóa", "Cục Điện ảnh", "Vụ Kế hoạch, Tài chính"]


@pytest.fixture
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(live_server, browser, personas):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "pw-coordinator")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/plans/")
    return page


def fill_facts(page, number: str, title: str) -> None:
    page.fill("#id_number", number)
    page.fill("#id_issued_on", "05/03/2026")
    page.fill("#id_title", title)
    page.fill("#id_period_start", "2026")
    page.fill("#id_period_end", "2026")
    page.fill("#id_coordinator", "Cục Hợp tác quốc tế")
    page.fill("#id_report_due", "15/12")
    page.fill("#id_signer", "Nguyễn Văn A")


def publish(page) -> None:
    page.wait_for_selector("[data-testid=review-table]")
    page.click("[data-testid=publish]")
    page.wait_for_selector("text=Đã ban hành kế hoạch vào hệ thống")


def test_plan_by_hand_ten_tasks_then_published(live_server, page):
    page.goto(f"{live_server.url}/imports/")
    page.click("[data-testid=manual-link]")
    fill_facts(page, "21/KH-BVHTTDL", "Kế hoạch giao lưu văn hóa năm 2026")
    for n in range(10):
        page.fill(f"[name=r-{n}-ref]", str(n + 1))
        page.fill(f"[name=r-{n}-title]", f"Tổ chức hoạt động giao lưu số {n + 1}")
        page.fill(f"[name=r-{n}-lead]", UNITS[n % 4])
        page.fill(f"[name=r-{n}-coordinating]", f"{UNITS[(n + 1) % 4]}; {UNITS[(n + 2) % 4]}")
        page.fill(f"[name=r-{n}-timeframe]", f"Quý {n % 4 + 1}/2026")
    page.click("[data-testid=grid-preview]")
    assert page.locator("[data-testid=grid-preview-table] [data-preview-row]").count() == 10
    page.screenshot(path=str(DOCS / "manual-entry.png"), full_page=False)
    page.fill("[name=r-9-coordinating]", "Trung tâm Chưa Có Trong Danh Mục")  # flagged, never created silently
    page.click("[data-testid=create]")
    page.wait_for_selector("[data-testid=review-table]")
    first = page.locator("[data-testid=review-table] tbody tr").first
    assert "Tổ chức hoạt động giao lưu số 10" in first.inner_text()  # the row to check comes first
    assert "Đơn vị chưa có trong danh mục" in first.inner_text()
    page.screenshot(path=str(artifacts_dir() / "manual-review.png"), full_page=False)
    page.click("[data-testid=publish]")
    page.wait_for_selector("text=chưa xác định")
    assert Plan.objects.get(number="21/KH-BVHTTDL").status == PlanStatus.DRAFT
    page.check("#id_create_unknown")
    publish(page)
    plan = Plan.objects.get(number="21/KH-BVHTTDL")
    assert plan.status == PlanStatus.PUBLISHED and plan.current_version.source == VersionSource.MANUAL
    assert plan.tasks.count() == 10 and plan.coordinator.name == "Cục Hợp tác quốc tế"
    assert all(a.organization_id for t in plan.tasks.all() for a in t.assignments.all())


def test_plan_by_pasting_a_ten_row_table_then_published(live_server, page):
    table = "TT\tTên hoạt động\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\n" + "".join(
        f"{n}\tTriển lãm văn hóa lần {n}\t{UNITS[n % 4]}\t{UNITS[(n + 1) % 4]}\tTháng {n}/2026\n" for n in range(1, 11))
    page.goto(f"{live_server.url}/imports/manual/")
    fill_facts(page, "22/KH-BVHTTDL", "Kế hoạch triển lãm năm 2026")
    page.click("[data-testid=paste-open]")
    page.fill("[data-testid=paste]", table)
    page.click("[data-testid=paste-preview-button]")
    assert page.locator("[data-testid=paste-preview] [data-preview-row]").count() == 10
    assert page.locator("#map-4").input_value() == "coordinating"  # guessed from the header row
    page.screenshot(path=str(artifacts_dir() / "manual-paste-preview.png"), full_page=True)
    page.click("[data-testid=paste-add]")
    assert page.locator("[name=r-9-title]").input_value() == "Triển lãm văn hóa lần 10"
    page.click("[data-testid=create]")
    publish(page)
    plan = Plan.objects.get(number="22/KH-BVHTTDL")
    assert plan.status == PlanStatus.PUBLISHED and plan.tasks.count() == 10
    assert plan.tasks.get(ref="3").timeframe_kind == "month"


def test_cells_pasted_into_the_grid_spread_and_rows_are_added(live_server, page):
    page.goto(f"{live_server.url}/imports/manual/")
    cells = "".join(f"{n}\tNhiệm vụ dán số {n}\t{UNITS[0]}\n" for n in range(1, 13))
    # A paste event as the browser sends it from Excel: tab-separated text on the clipboard.
    page.evaluate("""(text) => {
        const target = document.querySelector('[name="r-0-ref"]');
        const data = new DataTransfer();
        data.setData('text/plain', text);
        target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", cells)
    assert page.locator("[name=r-11-title]").input_value() == "Nhiệm vụ dán số 12"
    assert page.locator("[name=r-11-lead]").input_value() == UNITS[0]
    page.click("[data-grid-add]")
    assert page.locator("[name=r-12-title]").count() == 1


def test_a_word_table_pasted_keeps_cells_of_several_paragraphs_whole(live_server, page):
    html = ("<table><tr><td><p>STT</p></td><td><p>Nội dung</p></td><td><p>Đơn vị chủ trì</p></td>"
            "<td><p>Thời gian</p></td></tr>"
            f"<tr><td><p>1</p></td><td><p>Tổ chức hội nghị</p><p>tổng kết năm</p></td>"
            f"<td><p>{UNITS[0]}</p><p>{UNITS[1]}</p></td><td><p>Quý IV/2026</p></td></tr></table>")
    page.goto(f"{live_server.url}/imports/manual/")
    page.click("[data-testid=paste-open]")
    page.evaluate("""(html) => {
        const area = document.querySelector('[data-paste-area]');
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', 'split\\nover\\nlines');
        area.focus();
        area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", html)
    page.click("[data-testid=paste-preview-button]")
    rows = page.locator("[data-testid=paste-preview] [data-preview-row]")
    assert rows.count() == 1
    text = rows.first.inner_text()
    assert "Tổ chức hội nghị tổng kết năm" in text and UNITS[0] in text and UNITS[1] in text
