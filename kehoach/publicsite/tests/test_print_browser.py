"""Chromium prints the public plan page and a plan page on A4 without menus, buttons or filters, and the
public page shows no CSP violation signed out."""

from __future__ import annotations

import pytest

from kehoach.core.testing import CHROMIUM, CHROMIUM_ARGS, artifacts_dir, require_browser
from kehoach.plans.services import plan_make_public

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def test_public_page_signed_out_and_printed(browser, live_server, personas, make_plan):
    plan = plan_make_public(plan=make_plan("000"), actor=personas.leader)
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/cong-khai/{plan.pk}/")
    assert page.locator("[data-testid=public-task]").count() == plan.tasks.filter(is_current=True).count()
    assert not errors, errors
    page.screenshot(path=str(artifacts_dir() / "public-plan.png"))
    page.emulate_media(media="print")
    assert not page.locator("[data-testid=open-data]").is_visible()  # buttons are not printed
    assert page.locator("h1").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and b"/MediaBox [0 0 595" in pdf  # A4 pages
    (artifacts_dir() / "public-plan.pdf").write_bytes(pdf)


def test_plan_page_prints_without_the_menu_and_filters(browser, live_server, personas, make_plan):
    plan = make_plan("000")
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", "pw-coordinator")
    page.click("form [type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    assert page.locator("nav.navbar").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("form[method=get]").first.is_visible()
    assert page.locator("table").first.is_visible()
    (artifacts_dir() / "plan-print.pdf").write_bytes(page.pdf(format="A4"))
