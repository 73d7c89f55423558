"""The extension workflow in real Chromium: the lead unit asks, the leader in charge approves."""

import datetime as dt

import pytest
from django.utils import timezone

from kehoach.core.testing import artifacts_dir
from kehoach.plans.models import Task, TaskAssignment
from kehoach.plans.services import task_set_tracking
from kehoach.plans.tests.test_browser import browser, sign_in  # noqa: F401 - the shared fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_and_approve_an_extension(live_server, browser, personas, make_plan):  # noqa: F811
    plan = make_plan()
    task = plan.tasks.filter(is_current=True).order_by("position").first()
    task.assignments.filter(role="lead").delete()
    TaskAssignment.objects.create(task=task, organization=personas.unit_a, role="lead", raw_name=personas.unit_a.name)
    today = timezone.localdate()
    Task.objects.filter(pk=task.pk).update(timeframe_start=None, timeframe_end=today - dt.timedelta(days=2),
                                           progress="in_progress")
    task_set_tracking(task=Task.objects.get(pk=task.pk), actor=personas.coordinator,
                      data={"leader_in_charge": personas.leader})
    later = (today + dt.timedelta(days=20)).strftime("%d/%m/%Y")

    page = browser.new_page(viewport={"width": 390, "height": 900})
    sign_in(page, live_server.url, "focal_a", "pw-focal_a")
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    assert "Quá hạn" in page.locator("[data-testid=task-class]").inner_text()
    page.fill("#id_proposed_date", later)
    page.fill("#id_reason", "Chờ ý kiến của các bộ, ngành")
    page.click("[data-testid=extension-request] button")
    assert "Chờ duyệt" in page.locator("[data-testid=task-extensions]").inner_text()
    # The tracking block and the extension table fit a phone (the task page's own facts list predates them).
    for testid in ("task-tracking", "task-extensions"):
        box = page.locator(f"[data-testid={testid}]").bounding_box()
        assert box["x"] + box["width"] <= 391, testid

    leader = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(leader, live_server.url, "leader", "pw-leader")
    leader.goto(f"{live_server.url}/plans/mine/")
    leader.click("[data-testid=to-decide] a")
    leader.fill("[data-testid=extension-decide] textarea", "Đồng ý")
    leader.click("[data-testid=extension-decide] button[value=approve]")
    tracking = leader.locator("[data-testid=task-tracking]").inner_text()
    assert "Đang thực hiện trong hạn" in tracking and "đã gia hạn" in tracking and later in tracking
    leader.screenshot(path=str(artifacts_dir() / "task-extension-approved.png"), full_page=True)
