"""The plan pages in real Chromium, at a desk (1366 px) and on a phone (390 px)."""

import re

import pytest

from kehoach.core.testing import CHROMIUM, CHROMIUM_ARGS, artifacts_dir, require_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/plans/")


@pytest.mark.parametrize(("width", "name"), [(1366, "desk"), (390, "phone")])
def test_plan_page_filters_and_fits_the_screen(live_server, browser, personas, make_plan, width, name):
    plan = make_plan()
    page = browser.new_page(viewport={"width": width, "height": 900})
    sign_in(page, live_server.url, "viewer", "pw-viewer")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    assert page.locator("[data-testid=task-count]").inner_text().startswith("29")
    # nothing wider than the screen: the page does not scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(artifacts_dir() / f"plan-page-{name}.png"))
    # search without diacritics through htmx: the table updates in place
    page.fill("input[name=q]", "trien lam the gioi")
    from playwright.sync_api import expect

    # (a locator wait, not wait_for_function: the Content Security Policy forbids the eval that one needs)
    expect(page.locator("[data-testid=task-count]")).to_have_text(re.compile(r"^1 "))
    assert "EXPO" in page.locator("[data-testid=task-table]").inner_text()
    assert "q=trien" in page.url  # the filter is in the address, so it can be shared and reloaded


def test_review_page_inline_correction(live_server, browser, personas, registry):
    from conftest import gold
    from kehoach.plans.services import plan_create_from_parsed

    draft = plan_create_from_parsed(parsed=gold("001"), actor=personas.coordinator)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "pw-coordinator")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/imports/review/{draft.pk}/")
    first_row = page.locator("[data-testid=review-table] tbody tr").first
    first_row.get_by_role("button", name="Sửa").click()
    page.fill("textarea[name=title]", "Tổ chức lớp đào tạo trực tuyến (đã sửa)")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Tổ chức lớp đào tạo trực tuyến (đã sửa)")
    page.screenshot(path=str(artifacts_dir() / "review-page.png"), full_page=False)
    page.reload()
    assert "(đã sửa)" in page.locator("[data-testid=review-table]").inner_text()
