"""People's names as Vietnamese write them (family, middle, given) and lists sorted by given name."""

import datetime as dt

import pytest

from kehoach.accounts.models import User, sort_key

pytestmark = pytest.mark.django_db


def test_full_name_is_written_family_first_and_lists_sort_by_given_name():
    User.objects.create_user("a", first_name="Minh", last_name="Trần Văn")
    User.objects.create_user("b", full_name="Nguyễn  Thị Lan")
    User.objects.create_user("c", first_name="Sơn", last_name="Đỗ Thanh")
    User.objects.create_user("d", full_name="Lê Thu Hà")
    User.objects.create_user("e", full_name="Nguyễn Văn An")
    assert str(User.objects.get(username="a")) == "Trần Văn Minh"
    assert str(User.objects.get(username="b")) == "Nguyễn Thị Lan"
    assert User.objects.get(username="c").get_short_name() == "Sơn"
    names = [str(u) for u in User.objects.order_by("name_sort")]
    assert names == ["Nguyễn Văn An", "Lê Thu Hà", "Nguyễn Thị Lan", "Trần Văn Minh", "Đỗ Thanh Sơn"]
    assert sort_key("Đỗ Thanh Sơn") < sort_key("Vũ Thị Tâm")


def test_reminder_greets_the_person_by_the_name_as_written(make_plan, personas, mailoutbox):
    from kehoach.reporting import services

    plan = make_plan("000")
    personas.focal_a.full_name, personas.focal_a.first_name, personas.focal_a.last_name = "", "Sơn", "Đỗ Thanh"
    personas.focal_a.save()
    services.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator, opens_on=dt.date(2026, 10, 1))
    services.reminders_run(today=dt.date(2026, 11, 16))
    mail = next(m for m in mailoutbox if m.to == [personas.focal_a.email])
    assert "Kính gửi Đỗ Thanh Sơn" in mail.body
