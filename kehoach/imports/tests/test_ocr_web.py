"""A scanned plan through the web import: progress per page, then the review with each row's scan crop."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kehoach.core.testing import CHROMIUM, CHROMIUM_ARGS, require_browser
from kehoach.imports.models import ImportJob, ScanCrop

from .test_ocr import SCAN, require_ocr

pytestmark = [pytest.mark.ocr, pytest.mark.slow]
DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.fixture
def coordinator_client(client, personas, django_capture_on_commit_callbacks):
    require_ocr()
    client.force_login(personas.coordinator)
    original = client.post

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(*args, **kwargs)

    client.post = post
    return client


def test_scan_upload_keeps_a_crop_per_row_for_the_review(coordinator_client, client, personas):
    upload = SimpleUploadedFile("ke-hoach-quet.pdf", SCAN.read_bytes(), content_type="application/pdf")
    coordinator_client.post(reverse("imports:upload"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == "done", job.message
    assert (job.progress_done, job.progress_total) == (job.progress_total, job.progress_total)
    plan = job.plan
    assert plan.current_version.tasks.count() == 9 and plan.source_format == "scan"
    crops = ScanCrop.objects.filter(task__plan=plan)
    assert crops.count() == 9 and {c.page for c in crops} == {1, 2}
    page = coordinator_client.get(reverse("imports:review", args=[plan.pk])).content.decode()
    assert page.count('data-testid="scan-crop"') == 9
    crop = crops.get(task__position=1)
    image = coordinator_client.get(reverse("imports:scan_crop", args=[crop.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content)[:3] == b"\xff\xd8\xff"
    # A unit's focal point reviews no imports: the crop is not there for them.
    client.force_login(personas.focal_b)
    assert client.get(reverse("imports:scan_crop", args=[crop.pk])).status_code == 404


def test_review_offers_registry_candidates_for_a_misread_unit(coordinator_client):
    from kehoach.imports.selectors import name_candidates

    found = name_candidates(["Cục Hợp tác quôc tê"])["Cục Hợp tác quôc tê"]
    assert found and found[0][0].name == "Cục Hợp tác quốc tế" and found[0][1] >= 90


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_scan_review_screenshot(live_server, personas):
    """The review page of a scanned plan, each row beside its crop (docs/scan-review.png)."""
    require_ocr()
    require_browser()
    from playwright.sync_api import sync_playwright

    from kehoach.imports import services

    job = services.import_job_create(
        upload=SimpleUploadedFile("ke-hoach-quet.pdf", SCAN.read_bytes()), actor=personas.coordinator)
    job = services.import_job_run(job_id=job.pk)
    assert job.status == "done", job.message
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 1000})
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "coordinator")
        page.fill("#id_password", "pw-coordinator")
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/imports/review/{job.plan_id}/")
        first = page.locator("[data-testid=scan-crop] img").first
        first.scroll_into_view_if_needed()
        from playwright.sync_api import expect

        expect(first).to_have_js_property("complete", True)
        assert first.evaluate("img => img.naturalWidth") > 300
        page.locator("[data-testid=review-table]").scroll_into_view_if_needed()
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS / "scan-review.png"), full_page=False)
        browser.close()
