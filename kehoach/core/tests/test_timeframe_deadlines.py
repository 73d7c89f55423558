from datetime import date

import pytest

from kehoach.core.timeframes import deadline_of


@pytest.mark.parametrize("raw, expected", [
    ("2025", date(2025, 12, 31)),
    ("Năm 2026", date(2026, 12, 31)),
    ("Quý III/2022", date(2022, 9, 30)),
    ("Quý IV/2024", date(2024, 12, 31)),  # 31 days in December
    ("Trước ngày 30/11/2025", date(2025, 11, 30)),
    ("2021-2025", date(2025, 12, 31)),
    ("Giai đoạn 2026 - 2030", date(2030, 12, 31)),
    ("Tháng 2/2028", date(2028, 2, 29)),  # leap year
    ("Từ tháng 3 đến tháng 9/2026", date(2026, 9, 30)),
    ("Tháng 3/2026 - tháng 6/2027", date(2027, 6, 30)),
    ("6 tháng đầu năm 2026", date(2026, 6, 30)),
    ("Quý II, III/2015", date(2015, 9, 30)),
    ("Thường xuyên", None),
    ("Hằng năm", None),
    ("Theo kế hoạch đề ra", None),
    ("", None),
])
def test_deadline_of(raw, expected):
    assert deadline_of(raw) == expected
