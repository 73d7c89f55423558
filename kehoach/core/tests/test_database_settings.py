"""PostgreSQL prepares the statements a page repeats (DB_PREPARED_STATEMENTS), and can be told not to."""

import pytest
from django.db import connection

from kehoach import settings as kehoach_settings
from kehoach.plans.models import Task

PG_URL = "postgres://kehoach@db.invalid:5432/kehoach"


def test_postgresql_binds_on_the_server_and_prepares_unless_turned_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG_URL)
    monkeypatch.delenv("DB_PREPARED_STATEMENTS", raising=False)
    options = kehoach_settings._database_settings()["OPTIONS"]
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5

    monkeypatch.setenv("DB_PREPARED_STATEMENTS", "false")
    options = kehoach_settings._database_settings().get("OPTIONS", {})
    assert "server_side_binding" not in options and "prepare_threshold" not in options

    monkeypatch.setenv("DB_PREPARED_STATEMENTS", "sometimes")
    with pytest.raises(Exception, match="DB_PREPARED_STATEMENTS must be true or false"):
        kehoach_settings._database_settings()


def test_sqlite_is_left_as_it_was(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    options = kehoach_settings._database_settings()["OPTIONS"]
    assert "server_side_binding" not in options and "journal_mode=WAL" in options["init_command"]


@pytest.mark.django_db
def test_a_query_run_again_and_again_is_prepared_once_on_postgresql(make_plan):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are a PostgreSQL setting; SQLite has none to turn on")
    plan = make_plan("000")
    tasks = Task.objects.filter(plan=plan).order_by("position")

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                           ['%"plans_task"."plan_id" = $1%'])
            return cursor.fetchone()[0]

    for _ in range(4):
        list(tasks[:5])
    assert prepared() == 0  # a statement seen a few times is not prepared yet
    for _ in range(3):
        assert len(list(tasks[:5])) == 5  # the same rows once prepared
    assert prepared() == 1
