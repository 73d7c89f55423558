"""The signed-in user is loaded with its unit: the menu names the unit on every page without a query of its own."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_the_menu_names_the_users_unit_without_reading_it_again(personas):
    client = Client()
    client.force_login(personas.focal_a)
    client.get("/plans/", HTTP_HOST="127.0.0.1")  # warm: session, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/plans/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert personas.unit_a.name in response.content.decode()
    unit_reads = [q["sql"] for q in queries.captured_queries
                  if q["sql"].startswith('SELECT "organizations_organization"."id"')
                  and '"organizations_organization"."id" = ' in q["sql"]]
    assert not unit_reads


@pytest.mark.django_db
def test_a_deactivated_account_is_signed_out(personas):
    client = Client()
    client.force_login(personas.focal_a)
    personas.focal_a.is_active = False
    personas.focal_a.save(update_fields=["is_active"])
    response = client.get("/plans/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_unread_badge_counts_with_the_user_and_clears_when_read(personas):
    from kehoach.accounts.services import notification_create

    for n in range(3):
        notification_create(user=personas.focal_a, title=f"Nhắc nộp báo cáo {n}")
    notification_create(user=personas.focal_b, title="Của đơn vị khác")
    client = Client()
    client.force_login(personas.focal_a)
    client.get("/plans/", HTTP_HOST="127.0.0.1")  # warm: session, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/plans/", HTTP_HOST="127.0.0.1")
    badge = '<span class="badge bg-danger">3</span>'
    assert badge in response.content.decode()
    assert not [q for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")
                and "accounts_notification" in q["sql"]], "counted again after loading the user"
    client.post("/accounts/notifications/read/", HTTP_HOST="127.0.0.1")
    assert "badge bg-danger" not in client.get("/plans/", HTTP_HOST="127.0.0.1").content.decode()
