"""Register pages, the calendar and the iCal feed, per role, with constant query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from kehoach.cooperation.calendar import calendar_items
from kehoach.cooperation.models import Activity, Agreement, Event
from kehoach.cooperation.services import agreement_save, event_save
from kehoach.organizations.models import Country, Organization

pytestmark = pytest.mark.django_db
ROLES = ["focal_a", "head_a", "focal_b", "coordinator", "finance", "leader", "viewer"]


@pytest.mark.parametrize("role", ROLES)
def test_register_is_readable_by_every_role(coop_plan, personas, login, role):
    client = login(getattr(personas, role))
    page = client.get(reverse("cooperation:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<tr>') >= 16
    assert "Hàn Quốc (KR)" in html and "Colombia (CO)" in html
    assert 'data-testid="country-table"' in html
    assert client.get(reverse("cooperation:home"), {"country": "IT"}).context["activities"].count() == 1
    assert client.get(reverse("cooperation:home"), {"year": 2022}).context["activities"].count() == 12
    assert client.get(reverse("cooperation:countries")).status_code == 200


def test_filters_by_year_country_and_the_year_table(coop_plan, personas, login):
    client = login(personas.viewer)
    years = dict(client.get(reverse("cooperation:home")).context["years"])
    assert years[2021] == 9 and years[2025] == 7
    countries = {c.code: c.activity_count for c in client.get(reverse("cooperation:countries")).context["countries"]}
    assert countries["KR"] == 4 and countries["FR"] == 2 and countries["US"] == 1


@pytest.mark.parametrize("role,status", [("coordinator", 302), ("focal_a", 302), ("head_b", 302),
                                         ("finance", 403), ("leader", 403), ("viewer", 403)])
def test_who_may_add_an_agreement(personas, login, role, status):
    client = login(getattr(personas, role))
    response = client.post(reverse("cooperation:agreement_create"), {
        "title": "MoU với ICOM", "kind": "mou", "status": "signed", "signed_on": "2025-01-10",
        "expires_on": "2030-01-09"})
    assert response.status_code == status
    assert Agreement.objects.filter(title="MoU với ICOM").exists() == (status == 302)


def test_agreement_form_refuses_expiry_before_signature(personas, login):
    client = login(personas.coordinator)
    response = client.post(reverse("cooperation:agreement_create"), {
        "title": "MoU", "kind": "mou", "status": "signed", "signed_on": "2025-01-10", "expires_on": "2024-01-09"})
    assert response.status_code == 200
    assert "Ngày hết hiệu lực không được trước ngày ký." in response.content.decode()
    assert Agreement.objects.count() == 0


def test_another_units_agreement_looks_missing(personas, login):
    agreement = agreement_save(actor=personas.focal_a, data={"title": "MoU A"})
    assert login(personas.focal_b).get(reverse("cooperation:agreement_edit", args=[agreement.pk])).status_code == 404
    assert login(personas.head_a).get(reverse("cooperation:agreement_edit", args=[agreement.pk])).status_code == 200
    assert login(personas.coordinator).post(reverse("cooperation:record_archive", args=["agreement", agreement.pk])
                                            ).status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).is_archived


def test_activity_status_by_responsible_unit_only(coop_plan, personas, login):
    activity = Activity.objects.get(title__startswith="Công nghệ mới trong trưng bày")  # Cục Di sản văn hóa
    url = reverse("cooperation:activity_detail", args=[activity.pk])
    assert login(personas.focal_b).post(url, {"status": "ongoing"}).status_code == 403
    assert login(personas.focal_a).post(url, {"status": "ongoing"}).status_code == 302
    activity.refresh_from_db()
    assert activity.status == "ongoing"


def _add_activities(n: int, offset: int = 0):
    kr = Country.objects.get(code="KR")
    partner = Organization.objects.create(kind="partner", name=f"Đối tác {offset}", country=kr)
    unit = Organization.objects.filter(kind="unit").first()
    for i in range(n):
        activity = Activity.objects.create(title=f"Hoạt động {offset + i}", year_start=2026, year_end=2026)
        activity.partners.add(partner)
        activity.countries.add(kr)
        activity.units.add(unit)
        Event.objects.create(title=f"Sự kiện {offset + i}", start_date=dt.date(2026, 3, 1 + i % 27),
                             country=kr)
        Agreement.objects.create(title=f"MoU {offset + i}", signed_on=dt.date(2024, 1, 1),
                                 expires_on=dt.date(2026, 3, 2 + i % 27))


@pytest.mark.parametrize("url_name,params", [("cooperation:home", {}), ("cooperation:agreement_list", {}),
                                             ("cooperation:event_list", {}),
                                             ("cooperation:calendar", {"y": 2026, "m": 3})])
def test_lists_and_calendar_run_a_constant_number_of_queries(personas, login, django_assert_num_queries,
                                                             url_name, params):
    client = login(personas.focal_a)
    _add_activities(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name), params).status_code == 200
    _add_activities(9, offset=100)
    with django_assert_num_queries(len(small)):
        assert client.get(reverse(url_name), params).status_code == 200


def test_calendar_page_shows_deadlines_events_and_navigates(make_plan, personas, login):
    make_plan("000")  # yearly reporting deadline 30/11
    event_save(actor=personas.coordinator, data={"title": "Tuần Văn hóa Việt Nam tại Pháp",
                                                 "start_date": dt.date(2026, 11, 10),
                                                 "end_date": dt.date(2026, 11, 12)})
    page = login(personas.viewer).get(reverse("cooperation:calendar"), {"y": 2026, "m": 11})
    html = page.content.decode()
    assert "Hạn báo cáo" in html and "Tuần Văn hóa Việt Nam tại Pháp" in html
    assert 'data-testid="month-list"' in html  # phone fallback
    assert page.context["prev"] == dt.date(2026, 10, 1) and page.context["next"] == dt.date(2026, 12, 1)
    assert login(personas.viewer).get(reverse("cooperation:calendar"), {"y": "x", "m": 13}).status_code == 200


def test_task_milestones_are_scoped_to_the_users_unit(coop_plan, personas):
    year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    wallonie = "Hạn nhiệm vụ: 4. Khoa học bảo tàng"  # led by Cục Di sản văn hóa (unit A), ends 31/12/2024

    def titles(user):
        return [i.title for i in calendar_items(user, *year) if i.kind == "task"]

    assert any(t.startswith(wallonie) for t in titles(personas.focal_a))
    assert not any(t.startswith(wallonie) for t in titles(personas.focal_b))
    assert any(t.startswith(wallonie) for t in titles(personas.coordinator))


def _feed_setup(make_plan, personas):
    make_plan("000")
    today = dt.date.today()
    event_save(actor=personas.coordinator, data={"title": "Ngày Văn hóa Việt Nam tại Hàn Quốc",
                                                 "start_date": today + dt.timedelta(days=10),
                                                 "end_date": today + dt.timedelta(days=12)})
    agreement_save(actor=personas.coordinator, data={"title": "MoU ICOM", "signed_on": today - dt.timedelta(days=9),
                                                     "expires_on": today + dt.timedelta(days=30)})


def test_ical_feed_parses_and_holds_deadlines_and_events(make_plan, personas, login):
    _feed_setup(make_plan, personas)
    # The token, not the session, says whose calendar it is (a viewer's session fetches focal_a's feed).
    url = reverse("calendar_feed", args=[personas.focal_a.feed_token])
    response = login(personas.viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert cal["PRODID"] and str(cal["VERSION"]) == "2.0" and "Focal_A" in str(cal["X-WR-CALNAME"])
    events = list(cal.walk("VEVENT"))
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any(s.startswith("Hạn báo cáo") for s in summaries)
    assert "Ngày Văn hóa Việt Nam tại Hàn Quốc" in summaries
    assert "Hết hiệu lực: MoU ICOM" in summaries
    for event in events:
        assert event["UID"] and event["DTSTAMP"] and event["URL"].startswith("http")
        assert type(event.decoded("DTSTART")) is dt.date  # all-day: DTSTART;VALUE=DATE
    assert b"DTSTART;VALUE=DATE:" in response.content
    again = Calendar.from_ical(login(personas.viewer).get(url).content)
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(str(e["UID"]) for e in events)


def test_ical_feed_refuses_a_wrong_token(personas, login):
    client = login(personas.focal_a)
    assert client.get(reverse("calendar_feed", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[personas.focal_a.feed_token + "x"])).status_code == 404
    personas.focal_b.is_active = False
    personas.focal_b.save()
    assert client.get(reverse("calendar_feed", args=[personas.focal_b.feed_token])).status_code == 404


def test_ical_feed_on_the_public_root_path_needs_no_login(make_plan, personas, client):
    _feed_setup(make_plan, personas)
    response = client.get(f"/calendar/feed/{personas.viewer.feed_token}.ics")
    assert response.status_code == 200
    assert any(str(e["SUMMARY"]).startswith("Hạn báo cáo") for e in Calendar.from_ical(response.content).walk("VEVENT"))
    assert client.get("/calendar/feed/wrong.ics").status_code == 404


def test_ical_feed_runs_a_constant_number_of_queries(personas, login, django_assert_num_queries):
    client = login(personas.focal_a)
    url = reverse("calendar_feed", args=[personas.focal_a.feed_token])
    today = dt.date.today()
    for i in range(3):
        Event.objects.create(title=f"E{i}", start_date=today + dt.timedelta(days=i))
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(9):
        Event.objects.create(title=f"F{i}", start_date=today + dt.timedelta(days=i))
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_partner_page_shows_the_register_panel(coop_plan, personas, login):
    icom = Organization.objects.get(name="ICOM")
    page = login(personas.viewer).get(reverse("organizations:partner_detail", args=[icom.pk]))
    html = page.content.decode()
    assert 'data-testid="cooperation-partner-panel"' in html
    assert "Công nghệ mới trong trưng bày" in html


def test_register_api_lists_activities(coop_plan, personas, login):
    data = login(personas.viewer).get("/api/cooperation/activities/").json()
    assert data["count"] == 16
    row = next(r for r in data["results"] if r["title"].startswith("Học hỏi kinh nghiệm xây dựng"))
    assert sorted(row["countries"]) == ["KR", "US"]


def test_every_page_renders(coop_plan, personas, login):
    agreement = agreement_save(actor=personas.focal_a, data={"title": "MoU A", "signed_on": dt.date(2025, 1, 1)})
    event = event_save(actor=personas.focal_a, data={"title": "Ngày Văn hóa", "start_date": dt.date(2026, 6, 1)})
    activity = Activity.objects.first()
    client = login(personas.focal_a)
    for url in [reverse("cooperation:agreement_list"), reverse("cooperation:agreement_create"),
                reverse("cooperation:agreement_edit", args=[agreement.pk]), reverse("cooperation:event_list"),
                reverse("cooperation:event_create"), reverse("cooperation:event_edit", args=[event.pk]),
                reverse("cooperation:activity_detail", args=[activity.pk]), reverse("cooperation:calendar"),
                reverse("organizations:unit_detail", args=[personas.unit_a.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
    unit_page = client.get(reverse("organizations:unit_detail", args=[personas.unit_a.pk])).content.decode()
    assert 'data-testid="cooperation-unit-panel"' in unit_page and "MoU A" in unit_page


def test_task_page_links_agreements_and_amendments_resync(coop_plan, personas, login):
    task = coop_plan.tasks.get(title__startswith="Dự án Lưu trữ kỹ thuật số")
    client = login(personas.coordinator)
    assert client.get(reverse("cooperation:agreement_create"), {"task": task.pk}).status_code == 200
    response = client.post(reverse("cooperation:agreement_create"), {
        "title": "Văn kiện dự án ASEAN", "kind": "mou", "status": "signed", "task": task.pk})
    assert response.status_code == 302
    assert Agreement.objects.get(title="Văn kiện dự án ASEAN").task == task
    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="cooperation-task-panel"' in page and "Văn kiện dự án ASEAN" in page

    # A new plan version (an approved amendment) re-syncs the register: the dropped row is archived.
    from kehoach.plans.selectors import current_tasks
    from kehoach.plans.services import plan_new_version, task_rows

    tasks = list(current_tasks(coop_plan))
    rows = task_rows(tasks[:-1])
    plan_new_version(plan=coop_plan, rows=rows, lineages=[t.lineage for t in tasks[:-1]], actor=personas.leader,
                     source="amendment")
    assert Activity.objects.filter(plan=coop_plan, is_archived=False).count() == 15
    assert Activity.objects.filter(plan=coop_plan).count() == 16


def test_coordinator_syncs_from_the_plan_page(make_plan, personas, login):
    plan = make_plan("001")
    assert login(personas.focal_a).post(reverse("cooperation:activities_sync", args=[plan.pk])).status_code == 403
    assert 'data-testid="cooperation-sync"' in login(personas.coordinator).get(plan.get_absolute_url()
                                                                              ).content.decode()
    assert login(personas.coordinator).post(reverse("cooperation:activities_sync", args=[plan.pk])
                                            ).status_code == 302
    assert Activity.objects.filter(plan=plan).count() == 16
    page = login(personas.viewer).get(reverse("cooperation:home"), {"plan": plan.pk, "plan_x": 1})
    assert page.context["activities"].count() == 16
    assert login(personas.viewer).get(reverse("cooperation:home"), {"plan": plan.pk + 99}
                                      ).context["activities"].count() == 0


def test_edit_links_only_for_those_who_may_edit(personas, login):
    agreement = agreement_save(actor=personas.focal_a, data={"title": "MoU A"})
    edit = reverse("cooperation:agreement_edit", args=[agreement.pk])
    assert edit in login(personas.head_a).get(reverse("cooperation:agreement_list")).content.decode()
    for role in ("focal_b", "viewer", "leader"):
        html = login(getattr(personas, role)).get(reverse("cooperation:agreement_list")).content.decode()
        assert "MoU A" in html and edit not in html
