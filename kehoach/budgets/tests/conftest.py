import pytest


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def add_line(personas):
    """Create a budget line through the service as the coordinator (who may file for any unit)."""
    from kehoach.budgets.services import budget_line_save

    def make(unit=None, *, year=2026, amount="1000000", currency="VND", rate=None, source="state_budget",
             title="Dòng dự toán", actor=None, **extra):
        return budget_line_save(actor=actor or personas.coordinator, data={
            "unit": unit or personas.unit_a, "year": year, "title": title, "source": source, "currency": currency,
            "amount": amount, "exchange_rate": rate, **extra})

    return make
