"""Demo accounts, one per role, in the units the sample plans name."""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth.hashers import make_password

from kehoach.core.text import name_key
from kehoach.organizations.models import Organization

from .choices import Role
from .models import User

DEMO_PASSWORD = "kehoach2025"

# username, full name (first, last), role, unit name, position
DEMO_USERS = [
    ("lanhdao", ("Minh", "Trần Văn"), Role.LEADERSHIP, None, "Thứ trưởng"),
    ("htqt", ("Lan", "Nguyễn Thị"), Role.COORDINATOR, "Cục Hợp tác quốc tế", "Chuyên viên theo dõi kế hoạch"),
    ("khtc", ("Hùng", "Phạm Quốc"), Role.FINANCE, "Vụ Kế hoạch, Tài chính", "Chuyên viên thẩm định"),
    ("daumoi_dsvh", ("Hà", "Lê Thu"), Role.FOCAL_POINT, "Cục Di sản văn hóa", "Cán bộ đầu mối"),
    ("truong_dsvh", ("Sơn", "Đỗ Thanh"), Role.UNIT_HEAD, "Cục Di sản văn hóa", "Cục trưởng"),
    ("xem", ("Mai", "Vũ Thị"), Role.VIEWER, None, "Người xem"),
]


@lru_cache(maxsize=4)
def demo_password_hash(password: str = DEMO_PASSWORD) -> str:
    """The demo accounts share one published password: it is hashed once, not once per account (a hash takes
    ~0.4 s by design; the demo makes 18 accounts)."""
    return make_password(password)


def ensure_demo_users() -> list[tuple[str, str, str]]:
    """Create the demo accounts if missing; returns (username, role label, unit) for printing."""
    units = {o.name_key: o for o in Organization.objects.all()}
    printed = []
    for username, (first, last), role, unit_name, position in DEMO_USERS:
        username = username.lower()
        unit = units.get(name_key(unit_name)) if unit_name else None
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "role": role, "unit": unit, "position": position,
                      "email": f"{username}@example.gov.vn"},
        )
        if created:
            user.set_password_hash(demo_password_hash(DEMO_PASSWORD))
            user.save()
        printed.append((username, str(Role(role).label), unit.name if unit else "—"))
    return printed
