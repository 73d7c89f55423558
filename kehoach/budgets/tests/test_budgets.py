"""Budget lines: totals in several currencies, finance-only appraisal, bad input, visibility per role."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kehoach.budgets import selectors
from kehoach.budgets.models import BudgetLine
from kehoach.budgets.services import (
    budget_line_appraise,
    budget_line_save,
    budget_line_submit,
    budget_spend_record,
    task_set_seeks_sponsorship,
)
from kehoach.core.models import AuditEntry

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def mixed(personas, add_line):
    """Four lines in VND, USD and EUR across two units, two years and three sources."""
    return [
        add_line(personas.unit_a, year=2026, amount="100000000", source="state_budget"),
        add_line(personas.unit_a, year=2026, amount="1000", currency="USD", rate="25000", source="sponsorship"),
        add_line(personas.unit_b, year=2026, amount="2000", currency="EUR", rate="27000.5", source="state_budget"),
        add_line(personas.unit_b, year=2025, amount="10000000.50", source="retained"),
    ]


def _totals(user, by):
    return {row["key"]: row["estimate"] for row in selectors.budget_totals(user, by)}


def test_totals_by_unit_source_and_year_in_vnd_across_currencies(personas, mixed):
    user = personas.finance
    assert _totals(user, "unit") == {}  # drafts are their unit's alone until sent (issue 15)
    for line in mixed:
        budget_line_submit(line=line, actor=personas.coordinator)
    assert _totals(user, "unit") == {personas.unit_a.pk: D("125000000.00"), personas.unit_b.pk: D("64001000.50")}
    assert _totals(user, "source") == {"state_budget": D("154001000.00"), "sponsorship": D("25000000.00"),
                                       "retained": D("10000000.50")}
    assert _totals(user, "year") == {2026: D("179001000.00"), 2025: D("10000000.50")}
    assert selectors.budget_grand_total(user)["estimate"] == D("189001000.50")
    # A unit's totals are its own only.
    assert _totals(personas.focal_a, "unit") == {personas.unit_a.pk: D("125000000.00")}


def test_approved_and_spent_totals_use_the_lines_rate(personas, mixed):
    usd = mixed[1]
    budget_line_submit(line=usd, actor=personas.focal_a)
    budget_line_appraise(line=usd, actor=personas.finance, approved_amount="800", comment="Thống nhất")
    budget_spend_record(line=usd, actor=personas.focal_a, year=2026, amount="200", period_label="Quý I")
    row = next(r for r in selectors.budget_totals(personas.finance, "source") if r["key"] == "sponsorship")
    assert (row["approved"], row["spent"]) == (D("20000000.00"), D("5000000.00"))


@pytest.mark.parametrize("role", ["focal_a", "head_a", "coordinator", "leader", "viewer", "focal_b"])
def test_only_finance_appraises(personas, add_line, role):
    line = add_line(personas.unit_a)
    budget_line_submit(line=line, actor=personas.focal_a)
    with pytest.raises(PermissionDenied) as exc:
        budget_line_appraise(line=line, actor=getattr(personas, role), approved_amount="900000")
    assert "Vụ Kế hoạch, Tài chính" in str(exc.value)
    line.refresh_from_db()
    assert (line.status, line.approved_amount) == ("submitted", None)


def test_finance_appraises_or_returns_with_audit(personas, add_line):
    line = add_line(personas.unit_a, amount="1000", currency="EUR", rate="27000")
    with pytest.raises(ValidationError):  # not submitted yet
        budget_line_appraise(line=line, actor=personas.finance, approved_amount="900")
    budget_line_submit(line=line, actor=personas.head_a)
    budget_line_appraise(line=line, actor=personas.finance, approved_amount="900", comment="Giảm 10%")
    line.refresh_from_db()
    assert (line.status, line.approved_vnd, line.appraised_by) == ("appraised", D("24300000.00"), personas.finance)
    entry = AuditEntry.objects.filter(action="budget_line.appraise", object_id=str(line.pk)).get()
    assert entry.before["status"] == "submitted" and entry.after["approved_amount"] == "900.00"

    other = add_line(personas.unit_a)
    budget_line_submit(line=other, actor=personas.focal_a)
    with pytest.raises(ValidationError):  # a return needs reasons
        budget_line_appraise(line=other, actor=personas.finance, approved_amount=None, returned=True)
    budget_line_appraise(line=other, actor=personas.finance, approved_amount=None, returned=True,
                         comment="Bổ sung thuyết minh")
    other.refresh_from_db()
    assert other.status == "returned" and other.is_editable


@pytest.mark.parametrize("data,field,message", [
    ({"amount": "-5"}, "amount", "không được âm"),
    ({"amount": "abc"}, "amount", "phải là một số"),
    ({"amount": ""}, "amount", "Chưa nhập"),
    ({"amount": "100", "currency": "USD"}, "exchange_rate", "cần tỷ giá"),
    ({"amount": "100", "currency": "USD", "exchange_rate": "0"}, "exchange_rate", "lớn hơn 0"),
    ({"amount": "100", "currency": "XYZ"}, "currency", "không được hỗ trợ"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(personas, data, field, message):
    base = {"unit": personas.unit_a, "year": 2026, "title": "X", "source": "state_budget", "currency": "VND"}
    with pytest.raises(ValidationError) as exc:
        budget_line_save(actor=personas.focal_a, data={**base, **data})
    assert message in " ".join(exc.value.message_dict[field])
    assert BudgetLine.objects.count() == 0


def test_negative_approved_amount_is_refused(personas, add_line):
    line = add_line(personas.unit_a)
    budget_line_submit(line=line, actor=personas.focal_a)
    with pytest.raises(ValidationError):
        budget_line_appraise(line=line, actor=personas.finance, approved_amount="-1")
    line.refresh_from_db()
    assert line.status == "submitted"


def test_units_file_only_their_own_lines(personas, add_line):
    line = budget_line_save(actor=personas.focal_a, data={"unit": personas.unit_b, "year": 2026, "title": "X",
                                                          "source": "state_budget", "amount": "5"})
    assert line.unit == personas.unit_a
    with pytest.raises(PermissionDenied):
        budget_line_submit(line=line, actor=personas.focal_b)
    for role in ("viewer", "leader", "finance"):
        with pytest.raises(PermissionDenied):
            budget_line_save(actor=getattr(personas, role), data={"unit": personas.unit_a, "year": 2026,
                                                                  "amount": "5", "source": "other"})
    budget_line_submit(line=line, actor=personas.focal_a)
    with pytest.raises(ValidationError):  # submitted lines are frozen
        budget_line_save(actor=personas.focal_a, line=line, data={"year": 2026, "amount": "6", "source": "other"})


@pytest.mark.parametrize("role,draft,sent", [
    ("focal_a", 200, 200), ("head_a", 200, 200), ("focal_b", 404, 404), ("coordinator", 404, 200),
    ("finance", 404, 200), ("leader", 404, 200), ("viewer", 404, 404)])
def test_line_page_visibility_per_role(personas, add_line, login, role, draft, sent):
    """A draft line is its unit's alone; once sent for appraisal finance, the coordinator and leadership see it."""
    line = add_line(personas.unit_a, actor=personas.focal_a)
    url = reverse("budgets:line_detail", args=[line.pk])
    assert login(getattr(personas, role)).get(url).status_code == draft
    budget_line_submit(line=line, actor=personas.focal_a)
    assert login(getattr(personas, role)).get(url).status_code == sent


@pytest.mark.parametrize("role,status", [("focal_a", 200), ("finance", 200), ("leader", 200), ("viewer", 403)])
def test_home_per_role(personas, mixed, login, role, status):
    response = login(getattr(personas, role)).get(reverse("budgets:home"))
    assert response.status_code == status
    if role == "focal_a":
        assert len(response.context["lines"]) == 2  # unit A only


def test_form_shows_vietnamese_errors_and_saves_nothing(personas, login):
    client = login(personas.focal_a)
    response = client.post(reverse("budgets:line_create"), {"year": "2026", "title": "Đoàn ra", "source":
                                                            "state_budget", "currency": "USD", "amount": "1500"})
    assert "Ngoại tệ USD cần tỷ giá quy đổi sang VND." in response.content.decode()
    response = client.post(reverse("budgets:line_create"), {"year": "2026", "title": "Đoàn ra", "source":
                                                            "state_budget", "currency": "VND", "amount": "mười"})
    assert "Phải nhập một số" in response.content.decode()
    assert BudgetLine.objects.count() == 0
    response = client.post(reverse("budgets:line_create"), {"year": "2026", "title": "Đoàn ra", "source":
                                                            "state_budget", "currency": "USD", "amount": "1500",
                                                            "exchange_rate": "25400"})
    assert response.status_code == 302
    assert BudgetLine.objects.get().amount_vnd == D("38100000.00")


@pytest.mark.parametrize("role,status", [("finance", 302), ("coordinator", 403), ("focal_a", 403), ("leader", 403)])
def test_appraisal_page_for_finance_only(personas, add_line, login, role, status):
    line = add_line(personas.unit_a)
    budget_line_submit(line=line, actor=personas.focal_a)
    response = login(getattr(personas, role)).post(reverse("budgets:line_appraise", args=[line.pk]),
                                                   {"approved_amount": "900000", "comment": "Đồng ý"})
    assert response.status_code == status
    line.refresh_from_db()
    assert line.status == ("appraised" if status == 302 else "submitted")


def test_api_create_and_appraise(personas, login):
    client = login(personas.focal_a)
    bad = client.post("/api/budget-lines/", {"year": 2026, "source": "state_budget", "amount": "-5"})
    assert bad.status_code == 400 and "không được âm" in bad.json()["amount"][0]
    ok = client.post("/api/budget-lines/", {"year": 2026, "source": "sponsorship", "currency": "EUR",
                                            "amount": "100", "exchange_rate": "27000", "title": "X"})
    assert ok.status_code == 201 and ok.json()["amount_vnd"] == "2700000.00"
    pk = ok.json()["id"]
    assert client.post(f"/api/budget-lines/{pk}/submit/").status_code == 200
    assert client.post(f"/api/budget-lines/{pk}/appraise/", {"approved_amount": "90"}).status_code == 403
    done = login(personas.finance).post(f"/api/budget-lines/{pk}/appraise/", {"approved_amount": "90"})
    assert done.status_code == 200 and done.json()["status"] == "appraised"
    assert login(personas.viewer).get("/api/budget-lines/").json()["count"] == 0


def test_sponsorship_list_from_marked_tasks(make_plan, personas, add_line, login):
    plan = make_plan("001")
    task = plan.tasks.get(title__startswith="Dự án Lưu trữ kỹ thuật số")
    with pytest.raises(PermissionDenied):
        task_set_seeks_sponsorship(task=task, actor=personas.focal_a, value=True)
    task_set_seeks_sponsorship(task=task, actor=personas.finance, value=True)
    add_line(personas.unit_a, amount="50000", currency="USD", rate="25000", source="sponsorship", task=task)
    add_line(personas.unit_a, amount="7", source="state_budget", task=task)
    page = login(personas.coordinator).get(reverse("budgets:sponsorship"))
    tasks = list(page.context["tasks"])
    assert [t.pk for t in tasks] == [task.pk]
    assert [line.amount_vnd for line in tasks[0].sponsorship_lines] == [D("1250000000.00")]
    assert "Dự án Lưu trữ kỹ thuật số" in page.content.decode()
    task_page = login(personas.focal_a).get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="budget-task-panel"' in task_page and "1.250.000.000" in task_page


def _lines(personas, add_line, n, year):
    for i in range(n):
        line = add_line(personas.unit_a if i % 2 else personas.unit_b, year=year, amount=str(1000 + i),
                        currency="USD" if i % 3 else "VND", rate="25000" if i % 3 else None,
                        source=["state_budget", "sponsorship", "retained"][i % 3])
        budget_spend_record(line=line, actor=personas.coordinator, year=year, amount="1")


@pytest.mark.parametrize("url_name", ["budgets:home", "budgets:sponsorship", "budgets:appraisal_queue"])
def test_budget_pages_run_a_constant_number_of_queries(personas, add_line, login, django_assert_num_queries,
                                                       url_name):
    client = login(personas.finance)
    _lines(personas, add_line, 3, 2025)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _lines(personas, add_line, 9, 2026)
    with django_assert_num_queries(len(small)):
        assert client.get(reverse(url_name)).status_code == 200


def test_every_budget_page_renders(personas, mixed, login):
    line = mixed[1]
    budget_line_submit(line=line, actor=personas.focal_a)
    finance = login(personas.finance)
    for url in [reverse("budgets:line_detail", args=[line.pk]), reverse("budgets:line_appraise", args=[line.pk]),
                reverse("budgets:appraisal_queue"), reverse("budgets:home") + "?year=2026&source=sponsorship"]:
        assert finance.get(url).status_code == 200, url
    focal = login(personas.focal_a)
    assert focal.get(reverse("budgets:line_create")).status_code == 200
    assert focal.get(reverse("budgets:line_detail", args=[mixed[0].pk])).status_code == 200
    unit_page = focal.get(reverse("organizations:unit_detail", args=[personas.unit_a.pk])).content.decode()
    assert 'data-testid="budget-unit-panel"' in unit_page
    assert focal.post(reverse("budgets:spend_record", args=[line.pk]), {"year": 2026, "amount": "-1"}
                      ).status_code == 302
    assert not line.spends.exists()


def test_line_for_a_cooperation_activity_counts_in_its_plan(make_plan, personas, login):
    from kehoach.cooperation.models import Activity
    from kehoach.cooperation.services import activities_sync_from_plan

    plan = make_plan("001")
    activities_sync_from_plan(plan=plan, actor=None)
    activity = Activity.objects.get(title__startswith="Khoa học bảo tàng")
    client = login(personas.focal_a)
    assert client.get(reverse("budgets:line_create"), {"activity": activity.pk}).status_code == 200
    response = client.post(reverse("budgets:line_create"), {
        "year": 2024, "source": "counterpart", "currency": "VND", "amount": "300000000", "activity": activity.pk})
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.activity, line.plan, line.title) == (activity, plan, activity.title)
    assert _totals(personas.finance, "plan") == {}  # a draft
    budget_line_submit(line=line, actor=personas.focal_a)
    assert _totals(personas.finance, "plan") == {plan.pk: D("300000000.00")}
    assert "300.000.000" in login(personas.finance).get(activity.get_absolute_url()).content.decode()


def test_audit_trail_page_follows_line_visibility(personas, add_line, login):
    line = add_line(personas.unit_a)
    url = reverse("core:audit_trail", args=["budgets", "budgetline", line.pk])
    assert login(personas.head_a).get(url).status_code == 200
    assert login(personas.focal_b).get(url).status_code == 404


def test_coordinator_must_name_the_unit(personas):
    with pytest.raises(ValidationError) as exc:
        budget_line_save(actor=personas.coordinator, data={"year": 2026, "amount": "5", "source": "other"})
    assert "Chưa chọn đơn vị" in exc.value.message_dict["unit"][0]


@pytest.mark.parametrize("typed,expected", [("1.500.000", D("1500000")), ("2.500,5", D("2500.5")),
                                            ("1 500 000", D("1500000")), ("27000.5", D("27000.5")),
                                            ("2500,75", D("2500.75"))])
def test_amounts_typed_the_vietnamese_way(personas, login, typed, expected):
    response = login(personas.focal_a).post(reverse("budgets:line_create"), {
        "year": "2026", "title": "X", "source": "other", "currency": "VND", "amount": typed})
    assert response.status_code == 302
    assert BudgetLine.objects.get().amount == expected


def test_negative_amount_on_the_form(personas, login):
    response = login(personas.focal_a).post(reverse("budgets:line_create"), {
        "year": "2026", "title": "X", "source": "other", "currency": "VND", "amount": "-1.000"})
    assert "Số dự toán không được âm." in response.content.decode()
    assert not BudgetLine.objects.exists()
