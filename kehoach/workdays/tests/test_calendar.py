"""Working days around Tết 2026 and 2027, checked by hand against the lunar calendar and the Labour Code.

Labour Code 2019, art. 112: Tết Nguyên đán gives 5 days off; when a holiday falls on a weekend, the days
are made up on the following working days. Saturdays and Sundays are days off for state bodies.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kehoach.core.models import AuditEntry
from kehoach.workdays.calendar import WorkCalendar, add_working_days, is_working_day, working_days_between
from kehoach.workdays.models import CalendarAdjustment
from kehoach.workdays.services import calendar_adjustment_set, calendar_adjustment_withdraw

D = dt.date


def test_tet_2026():
    # Mùng 1 Tết Bính Ngọ = Tuesday 17/02/2026; the twelfth lunar month has 29 days, so the eve is Monday
    # 16/02. The 5 days: Mon 16/02 .. Fri 20/02; with the weekends around them, off from Sat 14/02 to Sun 22/02.
    cal = WorkCalendar()
    assert cal.is_working_day(D(2026, 2, 13))  # Friday before Tết
    for day in range(14, 23):
        assert not cal.is_working_day(D(2026, 2, day)), day
    assert cal.is_working_day(D(2026, 2, 23))  # Monday, mùng 7: back to work
    # One working day after Friday 13/02 is Monday 23/02 (9 calendar days off in between).
    assert cal.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    # Ten working days from Friday 06/02: 09-13/02 (5), then 23-27/02 (5) -> Friday 27/02.
    assert cal.add_working_days(D(2026, 2, 6), 10) == D(2026, 2, 27)
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1
    assert cal.working_days_between(D(2026, 2, 1), D(2026, 2, 28)) == 20 - 5  # February's 20 weekdays, 5 of Tết
    assert cal.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)


def test_tet_2027():
    # Mùng 1 Tết Đinh Mùi = Saturday 06/02/2027; the twelfth month has 30 days, so the eve (30 Tết) is Friday
    # 05/02. Mùng 1 and mùng 2 fall on Saturday and Sunday: made up on the following days, and the package
    # (as the Government usually does) starts the break on Thursday 04/02 (29 Tết): off Thu 04/02 .. Wed 10/02.
    cal = WorkCalendar()
    assert cal.is_working_day(D(2027, 2, 3))  # Wednesday
    for day in range(4, 11):
        assert not cal.is_working_day(D(2027, 2, day)), day
    assert cal.is_working_day(D(2027, 2, 11))  # Thursday, mùng 6
    assert cal.add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    # 01/02 Mon .. 28/02 Sun: 20 weekdays, of which Thu 04, Fri 05, Mon 08, Tue 09, Wed 10 are off -> 15.
    assert cal.working_days_between(D(2027, 1, 31), D(2027, 2, 28)) == 15


def test_substitute_working_saturday_from_the_package():
    # 2026: Saturday 22/08 is worked so that Monday 31/08 bridges to National Day (01-02/09).
    cal = WorkCalendar()
    assert cal.is_working_day(D(2026, 8, 22))
    assert not cal.is_working_day(D(2026, 8, 31))
    assert not cal.is_working_day(D(2026, 9, 1)) and not cal.is_working_day(D(2026, 9, 2))
    assert cal.add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_zero_days_is_the_day_or_the_next_working_day():
    cal = WorkCalendar()
    assert cal.add_working_days(D(2026, 2, 13), 0) == D(2026, 2, 13)
    assert cal.add_working_days(D(2026, 2, 14), 0) == D(2026, 2, 23)


@pytest.mark.django_db
def test_adjustments_entered_by_an_administrator(django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.gov.vn", "pw")
    # Say the Government moves the 2027 break one day earlier: Wednesday 03/02 off, made up on Saturday 30/01.
    assert is_working_day(D(2027, 2, 3))
    calendar_adjustment_set(actor=admin, date=D(2027, 2, 3), kind="day_off", note="Thông báo của Bộ Nội vụ")
    calendar_adjustment_set(actor=admin, date=D(2027, 1, 30), kind="working_day")
    assert not is_working_day(D(2027, 2, 3))
    assert is_working_day(D(2027, 1, 30))
    # One working day after Friday 29/01 is now the Saturday 30/01; after Tuesday 02/02 it is Thursday 11/02.
    assert add_working_days(D(2027, 1, 29), 1) == D(2027, 1, 30)
    assert add_working_days(D(2027, 2, 2), 1) == D(2027, 2, 11)
    assert working_days_between(D(2027, 1, 31), D(2027, 2, 28)) == 14
    assert AuditEntry.objects.filter(action="workdays.adjustment_set").count() == 2

    calendar_adjustment_withdraw(actor=admin, adjustment=CalendarAdjustment.objects.get(date=D(2027, 2, 3)))
    assert is_working_day(D(2027, 2, 3))
    assert CalendarAdjustment.objects.count() == 2  # kept, inactive


@pytest.mark.django_db
def test_bad_adjustments_are_refused(django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.gov.vn", "pw")
    clerk = django_user_model.objects.create_user("clerk", password="pw", role="coordinator")
    with pytest.raises(PermissionDenied):
        calendar_adjustment_set(actor=clerk, date=D(2027, 1, 30), kind="working_day")
    # Tuesday 17/02/2026 (mùng 1 Tết) is already a day off; Monday 23/02 is already worked.
    with pytest.raises(ValidationError) as err:
        calendar_adjustment_set(actor=admin, date=D(2026, 2, 17), kind="day_off")
    assert "date" in err.value.error_dict and "17/02/2026" in " ".join(err.value.messages)
    with pytest.raises(ValidationError):
        calendar_adjustment_set(actor=admin, date=D(2026, 2, 23), kind="working_day")
    with pytest.raises(ValidationError) as err:
        calendar_adjustment_set(actor=admin, date=D(2026, 2, 21), kind="bogus")
    assert "kind" in err.value.error_dict
    assert not CalendarAdjustment.objects.exists()


@pytest.mark.django_db
def test_admin_enters_through_the_service_and_shows_refusals_on_the_field(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.gov.vn", "pw")
    client.force_login(admin)
    url = "/admin/workdays/calendaradjustment/add/"
    refused = client.post(url, {"date": "17/02/2026", "kind": "day_off", "note": "", "is_active": "on"})
    assert refused.status_code == 200 and "17/02/2026" in refused.content.decode()
    assert not CalendarAdjustment.objects.exists()
    done = client.post(url, {"date": "30/01/2027", "kind": "working_day", "note": "Làm bù", "is_active": "on"})
    assert done.status_code == 302
    assert CalendarAdjustment.objects.get().kind == "working_day"
    assert AuditEntry.objects.filter(action="workdays.adjustment_set").count() == 1
