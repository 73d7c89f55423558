"""The public progress pages: opt-in by leadership, signed-out pages and open data, nothing private on them."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from kehoach.budgets.models import BudgetLine
from kehoach.core.models import AuditEntry
from kehoach.plans.models import Plan, Task
from kehoach.plans.services import plan_make_public
from kehoach.reporting import services as reporting
from kehoach.reporting.models import CoordinatorInput, Evidence, UnitReport

PRIVATE = "ZZPRIV"  # every private field carries it; no public URL or export may
PUBLIC_TEXT = "Đã tổ chức 3 hội nghị công khai ZZPUB"


@pytest.fixture
def plan(make_plan):
    return make_plan("000")


@pytest.fixture
def period(plan, personas):
    return reporting.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator,
                                        opens_on=dt.date(2026, 10, 1))


def _fill(report, actor, *, public: str, marker: str):
    entries = {e.id: {"status": "in_progress", "percent": 40, "results": f"{marker}-results",
                      "difficulties": f"{marker}-difficulties", "proposals": f"{marker}-proposals",
                      "evidence_number": f"{marker}-number", "evidence_link": f"https://example.vn/{marker}-link",
                      "related_units_text": f"{marker}-related", "public_summary": public}
               for e in report.entries.all()}
    report.refresh_from_db()
    return reporting.report_save_draft(
        report=report, actor=actor, version=report.version, entries=entries,
        data={"summary": f"{marker}-summary", "difficulties": f"{marker}-rdiff", "proposals": f"{marker}-rprop"})


def _send(report, focal, head, **kwargs):
    _fill(report, focal, **kwargs)
    report = reporting.report_approve(report=report, actor=head)
    return reporting.report_submit(report=report, actor=focal)


@pytest.fixture
def public_world(plan, period, personas, django_user_model):
    """Unit A accepted (one entry's public text approved, the others not); unit B returned; a third unit in
    draft; private markers in every internal field, a budget line, an evidence file and a private plan."""
    report_a = UnitReport.objects.get(period=period, unit=personas.unit_a)
    report_a = _send(report_a, personas.focal_a, personas.head_a, public=PUBLIC_TEXT, marker=f"{PRIVATE}-A")
    entries = list(report_a.entries.order_by("id"))
    for entry in entries[1:]:  # the unit offered text, the coordinator did not approve it
        entry.public_summary = f"{PRIVATE}-unapproved"
        entry.save(update_fields=["public_summary"])
    Evidence.objects.create(entry=entries[0], file=ContentFile(b"%PDF-1.4", name="x.pdf"),
                            original_name=f"{PRIVATE}-evidence.pdf", content_type="application/pdf", size=8)
    reporting.report_accept(report=report_a, actor=personas.coordinator, approve_public={entries[0].id})

    report_b = UnitReport.objects.get(period=period, unit=personas.unit_b)
    report_b = _send(report_b, personas.focal_b, personas.head_b, public=f"{PRIVATE}-returned-public",
                     marker=f"{PRIVATE}-B")
    reporting.report_return(report=report_b, actor=personas.coordinator, reason=f"{PRIVATE}-reason")

    other = UnitReport.objects.filter(period=period).exclude(unit__in=[personas.unit_a, personas.unit_b]).first()
    focal_c = django_user_model.objects.create_user("focal_c", email="c@x.vn", role="focal_point", unit=other.unit)
    _fill(other, focal_c, public=f"{PRIVATE}-draft-public", marker=f"{PRIVATE}-C")

    task = entries[0].task
    CoordinatorInput.objects.create(period=period, unit=personas.unit_b, task=task, text=f"{PRIVATE}-input")
    Task.objects.filter(plan=plan).update(note=f"{PRIVATE}-note", funding=f"{PRIVATE}-funding")
    BudgetLine.objects.create(unit=personas.unit_a, year=2026, plan=plan, task=task, title=f"{PRIVATE}-budget",
                              amount=Decimal("1000000"), amount_vnd=Decimal("1000000"), note=f"{PRIVATE}-bnote")
    plan_make_public(plan=plan, actor=personas.leader)
    return type("World", (), {"plan": plan, "task": task, "report_a": report_a})()


def _public_urls(plan) -> list[str]:
    return [reverse("public:plan_list"), reverse("public:plan", args=[plan.pk]),
            reverse("public:plan_feed", args=[plan.pk]),
            *(reverse("public:plan_export", args=[plan.pk, fmt]) for fmt in ("csv", "xlsx", "json"))]


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # XLSX: every XML part, so shared strings and sheets are both searched
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return "".join(book.read(name).decode("utf-8") for name in book.namelist())
    return body.decode("utf-8")


def test_nothing_private_on_any_public_url_or_export(public_world):
    client = Client()  # signed out
    for url in _public_urls(public_world.plan):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        assert PRIVATE not in text, (url, text[text.find(PRIVATE) - 80:text.find(PRIVATE) + 80])
        if "list" not in url and url != "/cong-khai/":
            assert "ZZPUB" in text, url  # the approved public summary of the accepted report is there


def test_public_page_shows_tasks_by_group_with_status_and_charts(public_world):
    response = Client().get(reverse("public:plan", args=[public_world.plan.pk]))
    html = response.content.decode()
    assert html.count('data-testid="public-task"') == Task.objects.filter(plan=public_world.plan,
                                                                          is_current=True).count()
    assert public_world.plan.full_title in html and "Kế hoạch" in html
    assert 'data-testid="chart-groups"' in html and 'data-testid="chart-units"' in html
    assert "Cục Di sản văn hóa" in html  # a lead unit's name
    assert "Chậm tiến độ" in html or "Đang triển khai" in html
    assert "style=" not in html and "<script>" not in html  # strict CSP


def test_exports_parse_and_carry_the_rows(public_world):
    client = Client()
    plan = public_world.plan
    count = Task.objects.filter(plan=plan, is_current=True).count()
    data = json.loads(client.get(reverse("public:plan_export", args=[plan.pk, "json"])).content)
    assert len(data["tasks"]) == count
    assert any(t["public_summary"] == PUBLIC_TEXT for t in data["tasks"])
    csv_text = client.get(reverse("public:plan_export", args=[plan.pk, "csv"])).content.decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) >= count + 1
    feed = client.get(reverse("public:plan_feed", args=[plan.pk]))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.decode().count("<entry>") == 1
    assert client.get(reverse("public:plan_export", args=[plan.pk, "pdf"])).status_code == 404


def test_sign_in_page_links_to_the_public_pages(db):
    html = Client().get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("public:plan_list")}"' in html


def test_english_alias_and_language(public_world):
    client = Client()
    response = client.get("/public/")
    assert response.status_code == 301 and response["Location"] == "/cong-khai/"
    response = client.get(f"/public/{public_world.plan.pk}/")
    assert response["Location"] == f"/cong-khai/{public_world.plan.pk}/"
    client.cookies["django_language"] = "en"
    html = client.get(reverse("public:plan", args=[public_world.plan.pk])).content.decode()
    assert "Tasks" in html or "Progress" in html


def test_only_opted_in_published_plans_are_public(make_plan, personas):
    private = make_plan("001")
    draft = make_plan("000", publish=False)
    Plan.objects.filter(pk=draft.pk).update(public_at="2026-01-01T00:00Z")  # even if forced, drafts stay hidden
    client = Client()
    html = client.get(reverse("public:plan_list")).content.decode()
    assert 'data-testid="no-public-plans"' in html
    assert client.get(reverse("public:plan", args=[private.pk])).status_code == 404
    assert client.get(reverse("public:plan", args=[draft.pk])).status_code == 404
    assert client.get(reverse("public:plan_export", args=[private.pk, "json"])).status_code == 404


def test_only_leadership_opts_in_and_it_is_audited(make_plan, personas):
    plan = make_plan("001")
    for user in (personas.coordinator, personas.focal_a, personas.viewer, personas.finance):
        with pytest.raises(PermissionDenied):
            plan_make_public(plan=plan, actor=user)
    draft = make_plan("000", publish=False)
    with pytest.raises(ValidationError):
        plan_make_public(plan=draft, actor=personas.leader)
    plan = plan_make_public(plan=plan, actor=personas.leader)
    assert plan.public_at is not None
    entry = AuditEntry.objects.filter(object_id=str(plan.pk), action="plan.make_public").get()
    assert entry.actor == personas.leader
    with pytest.raises(ValidationError):
        plan_make_public(plan=plan, actor=personas.leader)
    plan = plan_make_public(plan=plan, actor=personas.leader, public=False)
    assert plan.public_at is None
    assert Client().get(reverse("public:plan", args=[plan.pk])).status_code == 404


def test_toggle_view(make_plan, personas, client):
    plan = make_plan("001")
    client.force_login(personas.coordinator)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="make-public"' not in html
    client.post(reverse("public:plan_toggle", args=[plan.pk]), {"public": "1"})
    plan.refresh_from_db()
    assert plan.public_at is None
    client.force_login(personas.leader)
    assert 'data-testid="make-public"' in client.get(plan.get_absolute_url()).content.decode()
    response = client.post(reverse("public:plan_toggle", args=[plan.pk]), {"public": "1"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.public_at is not None


def test_query_counts_constant(make_plan, personas, django_assert_max_num_queries):
    first = plan_make_public(plan=make_plan("000"), actor=personas.leader)
    client = Client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    list_one = count(reverse("public:plan_list"))
    detail_29 = count(reverse("public:plan", args=[first.pk]))
    second = plan_make_public(plan=make_plan("001"), actor=personas.leader)
    assert count(reverse("public:plan_list")) == list_one
    assert count(reverse("public:plan", args=[second.pk])) == detail_29  # another plan, other task count


def test_cached_until_a_service_changes_it(public_world, personas, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "public-test"}}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    url = reverse("public:plan", args=[public_world.plan.pk])
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as warm:
        html = client.get(url).content.decode()
    assert len(warm) < len(cold) and len(warm) <= 3
    assert html.count("ZZPUB") == 1
    # The coordinator reopens the accepted report: its public text leaves the page at once.
    reporting.report_reopen(report=public_world.report_a, actor=personas.coordinator, reason="Sửa số liệu")
    assert "ZZPUB" not in client.get(url).content.decode()
