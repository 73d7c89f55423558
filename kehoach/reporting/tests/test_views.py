"""Permission matrix across two units, pages and API; query counts; uploads; optimistic lock via HTTP."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kehoach.core.testing import tiny_docx, tiny_pdf, tiny_png
from kehoach.reporting import services
from kehoach.reporting.models import Evidence, UnitReport

from .conftest import send

ROLES = ["focal_a", "head_a", "focal_b", "head_b", "coordinator", "finance", "leader", "viewer"]


@pytest.fixture
def reports(period, personas):
    """Unit A's report still a draft; unit B's submitted."""
    a = UnitReport.objects.get(period=period, unit=personas.unit_a)
    b = send(UnitReport.objects.get(period=period, unit=personas.unit_b), personas.focal_b, personas.head_b)
    return a, b


# Expected GET status for each role: (draft A, submitted B)
READ = {
    "focal_a": (200, 404), "head_a": (200, 404), "focal_b": (404, 200), "head_b": (404, 200),
    "coordinator": (404, 200), "finance": (404, 200), "leader": (404, 200), "viewer": (404, 404),
}


@pytest.mark.parametrize("role", ROLES)
def test_report_pages_and_api_read(client, personas, reports, role):
    a, b = reports
    client.force_login(getattr(personas, role))
    for report, expected in zip((a, b), READ[role], strict=True):
        assert client.get(reverse("reporting:report", args=[report.pk])).status_code == expected
        api = client.get(f"/api/reporting/reports/{report.pk}/")
        assert api.status_code == (200 if expected == 200 else 404)
        entries = client.get(f"/api/reporting/entries/?report={report.pk}").json()
        rows = entries["results"] if isinstance(entries, dict) else entries
        assert bool(rows) == (expected == 200)
    assert client.get(reverse("reporting:home")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_nobody_but_unit_a_edits_its_draft(client, personas, reports, role):
    a, _b = reports
    entry = a.entries.first()
    client.force_login(getattr(personas, role))
    client.post(reverse("reporting:report_save", args=[a.pk]),
                {"version": a.version, f"e-{entry.id}-results": "đã sửa"})
    client.post(f"/api/reporting/reports/{a.pk}/save/",
                {"version": a.version, "entries": {str(entry.id): {"results": "đã sửa"}}}, content_type="application/json")
    entry.refresh_from_db()
    assert (entry.results == "đã sửa") == (role in ("focal_a", "head_a"))


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinator_returns_or_accepts(client, personas, reports, role):
    _a, b = reports
    client.force_login(getattr(personas, role))
    client.post(reverse("reporting:report_action", args=[b.pk, "return"]), {"reason": "Thiếu"})
    client.post(f"/api/reporting/reports/{b.pk}/accept/")
    b.refresh_from_db()
    assert (b.state != "submitted") == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_and_overview_access(client, personas, period, role):
    client.force_login(getattr(personas, role))
    dash = client.get(reverse("reporting:period", args=[period.pk]))
    overview = client.get(reverse("reporting:overview"))
    urge = client.get(reverse("reporting:period_urge", args=[period.pk]))
    if role in ("coordinator", "finance", "leader"):
        assert dash.status_code == 200 and overview.status_code == 200
    elif role == "viewer":
        assert dash.status_code == 404 and overview.status_code == 403
    else:
        assert dash.status_code == 302 and overview.status_code == 403
    assert (urge.status_code == 200) == (role == "coordinator")


def test_html_autosave_stale_version_message(client, personas, reports):
    a, _b = reports
    entry = a.entries.first()
    client.force_login(personas.focal_a)
    ok = client.post(reverse("reporting:report_save", args=[a.pk]),
                     {"version": 1, f"e-{entry.id}-results": "một"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "Đã lưu" in ok.content.decode()
    stale = client.post(reverse("reporting:report_save", args=[a.pk]),
                        {"version": 1, f"e-{entry.id}-results": "hai"}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 422 and "hãy tải lại" in stale.content.decode()
    entry.refresh_from_db()
    assert entry.results == "một"


@pytest.mark.parametrize("name,content,accepted", [
    ("bao-cao.pdf", tiny_pdf(), True),
    ("bao-cao.docx", tiny_docx(), True),
    ("anh.png", tiny_png(), True),
    ("gia.pdf", b"MZ\x90\x00 not a pdf", False),
    ("virus.exe", b"MZ\x90\x00", False),
])
def test_evidence_type_is_sniffed(client, personas, reports, name, content, accepted):
    a, _b = reports
    entry = a.entries.first()
    client.force_login(personas.focal_a)
    response = client.post(reverse("reporting:evidence_upload", args=[entry.pk]),
                           {"file": SimpleUploadedFile(name, content)}, follow=True)
    assert Evidence.objects.filter(entry=entry).exists() == accepted
    if not accepted:
        assert "không đúng định dạng" in response.content.decode()


def test_evidence_too_large(client, personas, reports, settings):
    settings.KEHOACH_UPLOAD_MAX_BYTES = 10
    a, _b = reports
    client.force_login(personas.focal_a)
    response = client.post(reverse("reporting:evidence_upload", args=[a.entries.first().pk]),
                           {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7 larger than ten")}, follow=True)
    assert "quá lớn" in response.content.decode() and not Evidence.objects.exists()


def test_other_unit_cannot_upload_or_download(client, personas, reports):
    a, _b = reports
    entry = a.entries.first()
    client.force_login(personas.focal_a)
    client.post(reverse("reporting:evidence_upload", args=[entry.pk]), {"file": SimpleUploadedFile("a.pdf", tiny_pdf())})
    evidence = Evidence.objects.get()
    client.force_login(personas.focal_b)
    assert client.get(reverse("reporting:evidence_download", args=[evidence.pk])).status_code == 404
    assert client.post(reverse("reporting:evidence_upload", args=[entry.pk]),
                       {"file": SimpleUploadedFile("b.pdf", tiny_pdf())}).status_code == 404


def _add_tasks(period, unit, n):
    """n more tasks led by `unit` in the plan's current version, with an entry, a file and an input each."""
    from kehoach.plans.models import Task, TaskAssignment
    from kehoach.reporting.models import CoordinatorInput, Evidence
    for i in range(n):
        task = Task.objects.create(plan=period.plan, version=period.plan.current_version, ref=f"X{i}",
                                   title=f"Nhiệm vụ bổ sung {i}", timeframe_kind="continuous", position=1000 + i)
        TaskAssignment.objects.create(task=task, organization=unit, role="lead", raw_name=unit.name)
        CoordinatorInput.objects.create(period=period, unit=unit, task=task, text="Góp ý")
    services._sync_obligations(period, actor=None)
    for entry in UnitReport.objects.get(period=period, unit=unit).entries.filter(task__ref__startswith="X"):
        Evidence.objects.create(entry=entry, file="x.pdf", original_name="x.pdf", content_type="application/pdf",
                                size=1)


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_report_page_queries_constant(client, personas, period, reports, django_assert_num_queries):
    a, b = reports
    client.force_login(personas.focal_a)
    url = reverse("reporting:report", args=[a.pk])
    _add_tasks(period, personas.unit_a, 3)
    first = _count(client, url)
    _add_tasks(period, personas.unit_a, 6)
    assert a.entries.count() >= 9
    with django_assert_num_queries(first):
        client.get(url)


def test_dashboard_queries_constant(client, personas, period, reports, django_assert_num_queries):
    client.force_login(personas.coordinator)
    url = reverse("reporting:period", args=[period.pk])
    _add_tasks(period, personas.unit_a, 3)
    first = _count(client, url)
    _add_tasks(period, personas.unit_b, 9)
    send(UnitReport.objects.get(period=period, unit=personas.unit_a), personas.focal_a, personas.head_a)
    with django_assert_num_queries(first):
        client.get(url)
    client.force_login(personas.leader)
    first = _count(client, reverse("reporting:overview"))
    _add_tasks(period, personas.unit_a, 6)
    with django_assert_num_queries(first):
        client.get(reverse("reporting:overview"))


def test_coordinating_unit_input_is_shown_to_lead_unit(client, personas, period, reports, django_user_model):
    from kehoach.reporting.models import Obligation
    ob = Obligation.objects.filter(period=period, role="coordinating",
                                   task__in=reports[0].entries.values("task")).select_related("unit").first()
    assert ob is not None
    helper = django_user_model.objects.create_user("focal_c", role="focal_point", unit=ob.unit)
    client.force_login(helper)
    assert "Nhiệm vụ đơn vị phối hợp" in client.get(reverse("reporting:home")).content.decode()
    url = reverse("reporting:input_save", args=[period.pk, ob.task_id])
    client.post(url, {"text": "Đã phối hợp tổ chức tuần phim"})
    client.force_login(personas.focal_a)
    page = client.get(reverse("reporting:report", args=[reports[0].pk])).content.decode()
    assert "Đã phối hợp tổ chức tuần phim" in page
    # A unit that does not coordinate that task gets 404.
    client.force_login(personas.focal_a)
    assert client.post(url, {"text": "x"}).status_code == 404


def test_open_ad_hoc_period_form_errors(client, personas, plan):
    client.force_login(personas.coordinator)
    url = reverse("reporting:period_open", args=[plan.pk])
    response = client.post(url, {"kind": "ad_hoc", "label": "Sơ kết", "opens_on": "2026-11-10",
                                 "deadline": "2026-11-01"}, follow=True)
    assert "không được trước ngày mở kỳ" in response.content.decode()
    response = client.post(url, {"kind": "ad_hoc", "label": "Sơ kết", "opens_on": "2026-11-10",
                                 "deadline": "2026-12-01", "instructions": "Chỉ báo cáo số liệu 6 tháng"})
    assert response.status_code == 302
    client.force_login(personas.focal_a)
    assert client.get(url).status_code == 403


def test_panels_on_task_unit_and_plan_pages(client, personas, period, reports):
    a, b = reports
    task = a.entries.select_related("task").first().task
    client.force_login(personas.focal_a)
    assert "Báo cáo theo kỳ" in client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    unit_page = client.get(reverse("organizations:unit_detail", args=[personas.unit_a.pk])).content.decode()
    assert "Báo cáo qua các kỳ" in unit_page
    # Unit A's focal point does not see unit B's history on B's page.
    other = client.get(reverse("organizations:unit_detail", args=[personas.unit_b.pk])).content.decode()
    assert "Báo cáo qua các kỳ" not in other
    client.force_login(personas.coordinator)
    plan_page = client.get(reverse("plans:plan_detail", args=[period.plan.pk])).content.decode()
    assert reverse("reporting:period_open", args=[period.plan.pk]) in plan_page
    assert "Báo cáo qua các kỳ" in client.get(
        reverse("organizations:unit_detail", args=[personas.unit_b.pk])).content.decode()
