"""Real Chromium: focal point fills and submits (head approves), coordinator returns, focal point resubmits."""

import datetime as dt
import os
from pathlib import Path

import pytest

from kehoach.reporting import services
from kehoach.reporting.models import UnitReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "reporting"


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def _login(browser, live_server, username):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click("form [type=submit]")
    page.wait_for_load_state()
    return page


def _fill_and_send(browser, live_server, report, shots: str):
    page = _login(browser, live_server, "focal_a")
    page.goto(f"{live_server.url}/reporting/reports/{report.pk}/")
    for entry in report.entries.all():
        page.select_option(f"select[name=e-{entry.id}-status]", "in_progress")
        page.fill(f"input[name=e-{entry.id}-percent]", "60")
        page.fill(f"textarea[name=e-{entry.id}-results]", "Đã tổ chức hội thảo chuyên đề")
    page.fill("textarea[name=summary]", "Đơn vị triển khai đúng kế hoạch")
    page.click("[data-testid=save]")
    page.wait_for_load_state()
    page.screenshot(path=str(ARTIFACTS / f"{shots}-1-focal-filled.png"), full_page=True)
    page.close()
    head = _login(browser, live_server, "head_a")
    head.goto(f"{live_server.url}/reporting/reports/{report.pk}/")
    head.click("[data-testid=approve]")
    head.wait_for_load_state()
    head.close()
    page = _login(browser, live_server, "focal_a")
    page.goto(f"{live_server.url}/reporting/reports/{report.pk}/")
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    page.screenshot(path=str(ARTIFACTS / f"{shots}-2-focal-submitted.png"), full_page=True)
    assert "Đã gửi" in page.inner_text("[data-testid=report-state]")
    page.close()


def test_submit_return_resubmit(browser, live_server, personas, make_plan):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for user in (personas.focal_a, personas.head_a, personas.coordinator):
        user.set_password("pw-" + user.username)
        user.save()
    period = services.period_open_yearly(plan=make_plan("000"), year=2026, actor=None,
                                         opens_on=dt.date(2026, 10, 1))
    report = UnitReport.objects.get(period=period, unit=personas.unit_a)
    _fill_and_send(browser, live_server, report, "a")

    page = _login(browser, live_server, "coordinator")
    page.goto(f"{live_server.url}/reporting/periods/{period.pk}/")
    page.screenshot(path=str(ARTIFACTS / "b-1-dashboard.png"), full_page=True)
    page.goto(f"{live_server.url}/reporting/reports/{report.pk}/")
    page.fill("[data-testid=reason]", "Đề nghị bổ sung số liệu cụ thể")
    page.click("[data-testid=return]")
    page.wait_for_load_state()
    page.screenshot(path=str(ARTIFACTS / "b-2-coordinator-returned.png"), full_page=True)
    assert "Trả lại" in page.inner_text("[data-testid=report-state]")
    page.close()
    report.refresh_from_db()
    assert report.state == "returned"

    _fill_and_send(browser, live_server, report, "c")
    report.refresh_from_db()
    assert report.state == "submitted" and report.revisions.count() == 2


def test_dashboard_loads_the_history_across_years_as_the_user_reaches_it(browser, live_server, personas,
                                                                          make_plan):
    """The history is not in the dashboard's first response (its queries stay few); scrolling to it loads it
    in place, and its pages turn inside the dashboard."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    personas.coordinator.set_password("pw-coordinator")
    personas.coordinator.save()
    plan = make_plan("000")
    services.period_open_yearly(plan=plan, year=2025, actor=None, opens_on=dt.date(2025, 10, 1))
    period = services.period_open_yearly(plan=plan, year=2026, actor=None, opens_on=dt.date(2026, 10, 1))
    page = _login(browser, live_server, "coordinator")
    page.goto(f"{live_server.url}/reporting/periods/{period.pk}/")
    page.locator("[data-testid=history-loader]").scroll_into_view_if_needed()
    page.wait_for_selector("[data-testid=history-units]")
    assert page.url.endswith(f"/reporting/periods/{period.pk}/")  # still the dashboard
    years = page.inner_text("[data-testid=history-units] thead")
    assert "2025" in years and "2026" in years
    page.screenshot(path=str(ARTIFACTS / "d-dashboard-history.png"), full_page=True)
    page.close()
