import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from kehoach.core.text import fold, name_key
from kehoach.organizations.selectors import expand_to_units, organization_by_name
from kehoach.plans.models import Task


def test_names_match_whatever_the_accent_placement_and_spacing():
    assert name_key("Cục Di sản văn hoá") == name_key("Cục  Di sản Văn hóa")
    assert name_key("Trung tâm Thuỷ sản") == name_key("Trung tâm thủy sản")
    assert name_key("thuận lợi") != name_key("thụân lợi")  # a mark inside the syllable is not moved
    assert fold("Hợp tác quốc tế Đà Nẵng") == "hop tac quoc te da nang"


def test_registry_finds_units_by_old_accent_spelling_and_alias(registry):
    assert organization_by_name("Cục Di sản văn hoá").name == "Cục Di sản văn hóa"
    assert organization_by_name("Bộ VHTTDL").name == "Bộ Văn hóa, Thể thao và Du lịch"
    assert organization_by_name("Cục Không Tồn Tại") is None


def test_groups_expand_to_the_units_they_stand_for(registry):
    everyone = expand_to_units(organization_by_name("Các đơn vị thuộc Bộ"))
    art = expand_to_units(organization_by_name("Các đơn vị nghệ thuật thuộc Bộ"))
    state = expand_to_units(organization_by_name("Các cơ quan quản lý nhà nước thuộc Bộ"))
    assert len(everyone) > len(state) > len(art) > 0
    assert all(u.is_art_unit for u in art)
    assert all(u.is_active for u in everyone)  # former units are not asked for reports
    assert expand_to_units(organization_by_name("Các đơn vị liên quan")) == []


@pytest.mark.parametrize(
    ("kind", "start", "end", "due_2025", "due_2027"),
    [
        ("year", dt.date(2025, 1, 1), dt.date(2025, 12, 31), True, False),
        ("range", dt.date(2025, 1, 1), dt.date(2030, 12, 31), True, True),
        ("continuous", None, None, True, True),
        ("annual", None, None, True, True),
        ("deadline", None, dt.date(2025, 11, 30), True, False),
    ],
)
def test_a_task_is_due_in_a_year_only_if_its_timeframe_overlaps(kind, start, end, due_2025, due_2027):
    task = Task(timeframe_kind=kind, timeframe_start=start, timeframe_end=end)
    assert task.overlaps(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) is due_2025
    assert task.overlaps(dt.date(2027, 1, 1), dt.date(2027, 12, 31)) is due_2027


def test_database_refuses_a_percent_over_100(make_plan):
    plan = make_plan()
    task = plan.tasks.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(progress_percent=101)
