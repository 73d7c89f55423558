import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import gold
from kehoach.plans.services import plan_create_from_parsed


@pytest.fixture
def api():
    return APIClient()


def test_api_requires_authentication(api, make_plan):
    make_plan()
    for url in ["/api/plans/", "/api/tasks/", "/api/units/", "/api/partners/"]:
        assert api.get(url).status_code in (401, 403)


def test_token_authentication_and_pagination(api, personas, make_plan):
    plan = make_plan()
    token = Token.objects.create(user=personas.viewer)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = api.get("/api/tasks/", {"plan": plan.pk}).json()
    assert body["count"] == 29 and len(body["results"]) == 29
    first = body["results"][0]
    assert first["lead"][0]["name"] == "Các đơn vị thuộc Bộ" and first["timeframe_kind"] == "continuous"
    paged = api.get("/api/units/", {"page_size": 5}).json()
    assert paged["count"] > 30 and paged["next"]


def test_task_api_filters_and_searches_without_diacritics(api, personas, make_plan):
    plan = make_plan()
    api.force_authenticate(personas.focal_b)
    led = api.get("/api/tasks/", {"lead": personas.unit_a.pk}).json()["results"]
    assert sorted(t["ref"] for t in led) == ["11", "12"]
    found = api.get("/api/tasks/", {"q": "trien lam the gioi expo", "plan": plan.pk}).json()["results"]
    assert [t["ref"] for t in found] == ["8"]


def test_viewers_do_not_see_drafts_through_the_api(api, personas, make_plan):
    make_plan()
    draft = plan_create_from_parsed(parsed=gold("001"), actor=personas.coordinator)
    api.force_authenticate(personas.viewer)
    ids = [p["id"] for p in api.get("/api/plans/").json()["results"]]
    assert draft.pk not in ids and len(ids) == 1
    assert api.get(f"/api/plans/{draft.pk}/").status_code == 404
    api.force_authenticate(personas.coordinator)
    assert api.get(f"/api/plans/{draft.pk}/").status_code == 200


def test_partners_api_gives_countries(api, personas, make_plan):
    make_plan("001")
    api.force_authenticate(personas.viewer)
    partners = {p["name"]: p["country"] for p in api.get("/api/partners/", {"page_size": 100}).json()["results"]}
    assert partners["Hàn Quốc"] == "KR" and partners["Colombia"] == "CO"
    assert partners["Trường ĐH Alma Laurea (Italia)"] == "IT"


def test_openapi_schema_and_docs(client, personas):
    client.force_login(personas.viewer)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/tasks/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()
