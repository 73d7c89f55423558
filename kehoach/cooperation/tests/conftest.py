import pytest


@pytest.fixture
def coop_plan(make_plan):
    """The 2021–2025 cooperation plan (second sample), published, with its activities synced."""
    from kehoach.cooperation.services import activities_sync_from_plan

    plan = make_plan("001")
    activities_sync_from_plan(plan=plan, actor=None)
    return plan


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user
