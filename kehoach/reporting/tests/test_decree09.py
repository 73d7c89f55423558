"""Decree 09 data windows and deadlines per level, with working days around Tết."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kehoach.reporting.decree09 import check_period, data_window
from kehoach.reporting.models import ReportingPeriod
from kehoach.reporting.services import period_open_yearly
from kehoach.reporting.services.decree09 import period_set_decree09
from kehoach.workdays.calendar import WorkCalendar
from kehoach.workdays.services import calendar_adjustment_set

D = dt.date


def test_windows():
    assert data_window("yearly", 2026) == (D(2025, 12, 15), D(2026, 12, 14))
    assert data_window("half_year", 2026) == (D(2025, 12, 15), D(2026, 6, 14))
    assert data_window("nine_months", 2026) == (D(2025, 12, 15), D(2026, 9, 14))
    assert data_window("quarter", 2026, 1) == (D(2025, 12, 15), D(2026, 3, 14))
    assert data_window("quarter", 2026, 3) == (D(2026, 6, 15), D(2026, 9, 14))
    assert data_window("monthly", 2027, 2) == (D(2027, 1, 15), D(2027, 2, 14))
    with pytest.raises(ValueError):
        data_window("quarter", 2026, 5)


def test_one_working_day_after_the_data_end_across_tet():
    cal = WorkCalendar()
    # January 2027's monthly data end Thursday 14/01/2027; a deadline on Friday 15/01 is one working day after.
    assert check_period(data_start=None, data_end=D(2027, 1, 14), deadlines={"deadline": D(2027, 1, 15)},
                        calendar=cal) == {}
    # Data ending Wednesday 03/02/2027: Thu 04/02 .. Wed 10/02 are Tết (see workdays tests), so a deadline on
    # Wednesday 10/02 has no working day before it; Thursday 11/02 is the first possible.
    errors = check_period(data_start=None, data_end=D(2027, 2, 3), deadlines={"deadline": D(2027, 2, 10)},
                          calendar=cal)
    assert "deadline" in errors and "10/02/2027" in errors["deadline"]
    assert check_period(data_start=None, data_end=D(2027, 2, 3), deadlines={"deadline": D(2027, 2, 11)},
                        calendar=cal) == {}
    # Levels in order: the ministry's deadline cannot come before the department's.
    errors = check_period(data_start=None, data_end=D(2026, 12, 14), calendar=cal, deadlines={
        "deadline": D(2026, 12, 16), "dept_deadline": D(2026, 12, 18), "ministry_deadline": D(2026, 12, 17)})
    assert list(errors) == ["ministry_deadline"]


@pytest.fixture
def period(make_plan, personas):
    plan = make_plan("000")
    return period_open_yearly(plan=plan, year=2026, actor=personas.coordinator, opens_on=D(2026, 10, 1))


def test_period_takes_the_decree_window_and_refuses_bad_deadlines(period, personas, django_user_model):
    assert period.deadline == D(2026, 11, 30)  # the plan's own date
    with pytest.raises(PermissionDenied):
        period_set_decree09(period=period, actor=personas.focal_a, frequency="yearly")
    # The Decree's yearly window ends 14/12, after the plan's 30/11: refused, naming the data end.
    with pytest.raises(ValidationError) as err:
        period_set_decree09(period=period, actor=personas.coordinator, frequency="yearly")
    assert "data_end" in err.value.error_dict
    # With the data ending Friday 27/11/2026, Monday 30/11 is one working day later.
    period = period_set_decree09(period=period, actor=personas.coordinator, frequency="yearly",
                                 data_end=D(2026, 11, 27), dept_deadline=D(2026, 12, 4),
                                 ministry_deadline=D(2026, 12, 15), recipient="Văn phòng Chính phủ",
                                 sending_method="system")
    assert (period.data_start, period.data_end) == (D(2025, 12, 15), D(2026, 11, 27))
    # An extra day off announced on Monday 30/11 leaves no working day between data end and the deadline.
    admin = django_user_model.objects.create_superuser("root", "root@example.gov.vn", "pw")
    calendar_adjustment_set(actor=admin, date=D(2026, 11, 30), kind="day_off")
    with pytest.raises(ValidationError) as err:
        period_set_decree09(period=period, actor=personas.coordinator, frequency="yearly",
                            data_end=D(2026, 11, 27))
    assert "data_end" in err.value.error_dict and "ít nhất một ngày làm việc" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        period_set_decree09(period=period, actor=personas.coordinator, frequency="quarter")
    assert "number" in err.value.error_dict
    assert ReportingPeriod.objects.get(pk=period.pk).data_end == D(2026, 11, 27)  # nothing written
