"""Keyboard only, in real Chromium: a focal point fills and saves the report form, the unit head approves and
sends it; the coordinator corrects a row of an import under review. No mouse: Tab, typing, arrows and Enter, and
every control reached shows where the focus is."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kehoach.core.testing import CHROMIUM, CHROMIUM_ARGS, artifacts_dir, require_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element and whether the focus can be seen (an outline or a ring), as the browser draws it.
FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;  // the app's ring, not a faint one
  return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '', testid: e.dataset.testid || '',
          text: (e.innerText || '').trim().slice(0, 40), visible: ring};
}"""


@pytest.fixture
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# htmx marks what it is requesting, swapping or settling; none of them on the page means it is idle.
BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"


def tab_to(page, matches, limit: int = 250) -> dict:
    """Press Tab until the focused element matches; every stop on the way must show its focus."""
    from playwright.sync_api import expect

    for _ in range(limit):
        # A person's next key comes after the autosave has swapped the row back in (the page then restores the
        # focus); on a loaded machine the test must not press faster than the swap.
        # (a locator wait, not wait_for_function: when it has to poll, that one needs the eval the page's
        # Content Security Policy forbids)
        expect(page.locator(BUSY)).to_have_count(0)
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":  # what the page showed, for whoever looks into it
            page.screenshot(path=str(artifacts_dir() / "keyboard-lost.png"), full_page=True)
            (artifacts_dir() / "keyboard-lost.html").write_text(page.content())
        assert focused["tag"] != "body", f"went round the whole page without reaching it (on {page.url})"
        assert focused["visible"], f"focus not visible on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("not reachable with Tab")


def by_name(name):
    return lambda f: f["name"] == name


def sign_in(browser, base, username):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{base}/accounts/login/")
    from playwright.sync_api import expect

    # The username field has autofocus: type, Tab to the password, Enter sends the form.
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("pw-" + username)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url
    return page


def _set_passwords(*users):
    for user in users:
        user.set_password("pw-" + user.username)
        user.save()


def test_report_form_with_the_keyboard_only(live_server, browser, personas, make_plan):
    from playwright.sync_api import expect

    from kehoach.reporting import services
    from kehoach.reporting.models import UnitReport

    _set_passwords(personas.focal_a, personas.head_a)
    period = services.period_open_yearly(plan=make_plan("000"), year=2026, actor=None, opens_on=dt.date(2026, 10, 1))
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    entry = report.entries.order_by("task__position", "id").first()

    page = sign_in(browser, live_server.url, "focal_a")
    page.goto(f"{live_server.url}/reporting/reports/{report.pk}/")
    # The first Tab stop skips the menu straight to the content.
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["tag"] == "a" and "nội dung chính" in skip["text"], skip
    page.keyboard.press("Enter")

    # Every task of the report needs a status, a percentage and results before the head may approve it.
    for each in report.entries.order_by("task__position", "id"):  # in the page's order: Tab only goes forward
        tab_to(page, by_name(f"e-{each.id}-status"))
        page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrows
        page.keyboard.press("ArrowDown")
        tab_to(page, by_name(f"e-{each.id}-percent"))
        page.keyboard.type("60")
        tab_to(page, by_name(f"e-{each.id}-results"))
        page.keyboard.type("Đã tổ chức hội thảo chuyên đề")
    chosen = page.input_value(f"select[name=e-{entry.id}-status]")
    assert chosen
    tab_to(page, by_name("summary"))
    page.keyboard.type("Đơn vị triển khai đúng kế hoạch")
    # The form also saves itself as fields change; wait for that before sending it, as a person would see it.
    page.keyboard.press("Tab")
    expect(page.locator("[data-testid=save-status]")).to_have_text(re.compile("Đã lưu"))
    page.keyboard.press("Shift+Tab")
    tab_to(page, lambda f: f["testid"] == "save")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu")
    page.screenshot(path=str(artifacts_dir() / "keyboard-report-saved.png"), full_page=False)
    entry.refresh_from_db()
    report.refresh_from_db()
    assert (entry.status, entry.percent, entry.results) == (chosen, 60, "Đã tổ chức hội thảo chuyên đề")
    assert report.summary == "Đơn vị triển khai đúng kế hoạch"
    page.close()

    # The unit head approves, the focal point sends it: buttons reached and pressed with the keyboard.
    page = sign_in(browser, live_server.url, "head_a")
    page.goto(f"{live_server.url}/reporting/reports/{report.pk}/")
    tab_to(page, lambda f: f["testid"] == "approve")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("[data-testid=report-state]")).to_contain_text("đã duyệt")
    page.close()
    page = sign_in(browser, live_server.url, "focal_a")
    page.goto(f"{live_server.url}/reporting/reports/{report.pk}/")
    tab_to(page, lambda f: f["testid"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("[data-testid=report-state]")).to_contain_text("Đã gửi")
    report.refresh_from_db()
    assert report.state == "submitted"


def test_import_review_with_the_keyboard_only(live_server, browser, personas, registry):
    from playwright.sync_api import expect

    from conftest import gold
    from kehoach.plans.services import plan_create_from_parsed

    _set_passwords(personas.coordinator)
    draft = plan_create_from_parsed(parsed=gold("001"), actor=personas.coordinator)
    page = sign_in(browser, live_server.url, "coordinator")
    page.goto(f"{live_server.url}/imports/review/{draft.pk}/")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Sửa")
    row = page.locator("[data-testid=review-table] tbody tr").first
    row_id = row.get_attribute("id")
    page.keyboard.press("Enter")
    # The row became a form and the focus went into it (not back to the top of the page).
    expect(page.locator(f"#{row_id} textarea[name=title]")).to_be_visible()
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] in ("input", "textarea") and focused["visible"], focused
    title = tab_to(page, by_name("title"), limit=10) if focused["name"] != "title" else focused
    assert title
    page.keyboard.press("Control+a")
    page.keyboard.type("Tổ chức lớp đào tạo trực tuyến (sửa bằng bàn phím)")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Lưu", limit=20)
    page.keyboard.press("Enter")
    expect(page.locator(f"#{row_id}")).to_contain_text("(sửa bằng bàn phím)")
    # Back on the row, the focus stays there: the next Tab does not start from the page top. The script moves
    # it once htmx has settled the swapped row, a moment after the row's text is there: wait for that.
    expect(page.locator("button:focus")).to_have_count(1, timeout=5000)
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "button" and focused["text"] == "Sửa", focused
