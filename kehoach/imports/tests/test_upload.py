"""The upload → background read → review → publish flow in the web UI."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import SEEDS
from kehoach.imports.models import ImportJob
from kehoach.plans.choices import PlanStatus
from kehoach.plans.models import Plan


def seed(pattern: str) -> SimpleUploadedFile:
    path = next(SEEDS.glob(pattern))
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


@pytest.fixture
def coordinator_client(client, personas, django_capture_on_commit_callbacks):
    """Signed in as the coordinator; jobs queued on commit run at once (the Immediate task backend)."""
    client.force_login(personas.coordinator)
    original = client.post

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(*args, **kwargs)

    client.post = post
    return client


def test_upload_reads_in_the_background_then_review_and_publish(coordinator_client):
    client = coordinator_client
    response = client.post(reverse("imports:upload"), {"file": seed("*2025-2030*")})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    # The job page is what the browser polls (htmx); in tests the job ran immediately.
    status = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    job.refresh_from_db()
    assert job.status == "done" and job.plan and 'data-status="done"' in status and "hx-trigger" not in status
    plan = job.plan
    assert plan.status == PlanStatus.DRAFT and plan.current_version.tasks.count() == 29
    review = client.get(reverse("imports:review", args=[plan.pk])).content.decode()
    # each row beside the source lines it came from
    assert "Tham gia Triển lãm Thế giới EXPO" in review and 'class="source-lines"' in review
    unknown = client.get(reverse("imports:review", args=[plan.pk])).context["unknown"]
    assert "Các Hãng phim" in unknown
    refused = client.post(reverse("imports:publish", args=[plan.pk]), follow=True)
    assert "chưa xác định" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    client.post(reverse("imports:publish", args=[plan.pk]), {"create_unknown": "on"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED


def test_inline_correction_on_the_review_page(coordinator_client):
    client = coordinator_client
    client.post(reverse("imports:upload"), {"file": seed("*2021-2025*")})
    plan = ImportJob.objects.get().plan
    task = plan.current_version.tasks.order_by("position").first()
    form = client.get(reverse("imports:task_edit", args=[task.pk]), HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and "<form" in form.content.decode()
    row = client.post(reverse("imports:task_edit", args=[task.pk]), {
        "ref": task.ref, "group": task.group, "title": "Tên hoạt động đã sửa", "lead": "Cục Hợp tác quốc tế",
        "coordinating": "", "products": "", "timeframe_raw": "Quý II/2024", "partners": "Hàn Quốc\nNhật Bản",
        "funding": "", "note": ""}, HTTP_HX_REQUEST="true")
    assert row.status_code == 200 and "Tên hoạt động đã sửa" in row.content.decode()
    task.refresh_from_db()
    assert task.timeframe_kind == "quarter" and str(task.timeframe_start) == "2024-04-01"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ\x90\x00data", "Không nhận tệp .exe"),
        ("plan.txt", b"", "rỗng"),
        ("plan.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("plan.docx", b"PK\x03\x04 not a real zip", "hỏng"),
    ],
)
def test_bad_uploads_get_a_vietnamese_message_and_write_nothing(coordinator_client, name, content, message):
    response = coordinator_client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(name, content)})
    if response.status_code == 302:  # accepted for reading, refused by the background job
        html = coordinator_client.get(response["Location"]).content.decode()
        assert 'data-testid="job-error"' in html
    else:  # refused at upload
        assert response.status_code == 400
        html = response.content.decode()
    assert message.lower() in html.lower()
    assert Plan.objects.count() == 0


def test_upload_over_the_limit_is_refused(coordinator_client, settings):
    settings.KEHOACH_UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("plan.txt", b"x" * 2000)
    response = coordinator_client.post(reverse("imports:upload"), {"file": big})
    assert response.status_code == 400 and "vượt giới hạn" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_units_cannot_upload(client, personas):
    client.force_login(personas.focal_a)
    response = client.post(reverse("imports:upload"), {"file": seed("*2025-2030*")})
    assert response.status_code == 404 and ImportJob.objects.count() == 0
