"""Real Chromium with the Content Security Policy on: the main pages load with no CSP violation."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SEEDS
from kehoach.core.testing import CHROMIUM, CHROMIUM_ARGS, artifacts_dir, require_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def data(personas):
    from kehoach.documents.services import document_generate_now
    from kehoach.imports.services import import_bytes
    from kehoach.plans.services import plan_publish
    from kehoach.reporting import services as reporting
    from kehoach.reporting.models import UnitReport

    path = next(SEEDS.glob("*2025-2030*"))
    plan = plan_publish(plan=import_bytes(data=path.read_bytes(), filename=path.name, actor=None), actor=None,
                        create_unknown=True)
    period = reporting.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                          opens_on=dt.date(2026, 10, 1))
    document = document_generate_now(actor=personas.coordinator, plan=plan, kind="plan_docx")
    return {"plan": plan, "period": period, "report": UnitReport.objects.filter(period=period).first(),
            "task": plan.tasks.first(), "document": document}


def test_main_pages_have_no_csp_violation(browser, live_server, personas, data):
    violations: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text
            or "Permissions-Policy" in message.text else None)
    page.on("pageerror", lambda error: violations.append(f"{page.url}: {error}"))
    page.on("response", lambda response: violations.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "coordinator")
    page.fill("input[name=password]", "pw-coordinator")
    page.click("form [type=submit]")
    page.wait_for_load_state("networkidle")

    plan, period = data["plan"], data["period"]
    urls = ["/plans/", f"/plans/{plan.pk}/", f"/plans/tasks/{data['task'].pk}/",
            "/reporting/", f"/reporting/periods/{period.pk}/",
            "/imports/", "/documents/", f"/documents/{data['document'].pk}/", "/amendments/", "/budgets/",
            "/cooperation/", "/cooperation/calendar/", "/organizations/", "/unitplans/", "/accounts/profile/",
            "/accounts/notifications/", "/api/docs/"]
    statuses = {}
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        statuses[url] = response.status
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), url
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.screenshot(path=str(artifacts_dir() / "csp-plan-page.png"), full_page=False)
    # The archive button asks first (a data-confirm handler in app.js, not an inline onsubmit).
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    archive = page.locator("form[data-confirm] button")
    if archive.count():
        archive.first.click()
        page.wait_for_timeout(300)
        assert asked, "the confirmation did not appear"
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)
    page.screenshot(path=str(artifacts_dir() / "csp-api-docs.png"), full_page=False)
    assert {url: code for url, code in statuses.items() if code != 200} == {}
    assert violations == []
