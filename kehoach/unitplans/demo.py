"""Demo data: one unit yearly plan approved (this year) and one submitted (next year)."""

from __future__ import annotations

import datetime as dt

from kehoach.accounts.models import User
from kehoach.core.text import name_key
from kehoach.organizations.models import Organization
from kehoach.unitplans import services
from kehoach.unitplans.models import UnitYearPlan


def populate(*, stdout, plans, today) -> None:
    unit = Organization.objects.filter(name_key=name_key("Cục Di sản văn hóa")).first()
    users = {u.username: u for u in User.objects.filter(username__in=["daumoi_dsvh", "truong_dsvh", "htqt"])}
    if unit is None or len(users) < 3:
        stdout.write("Kế hoạch của đơn vị: thiếu đơn vị hoặc tài khoản thử, bỏ qua dữ liệu minh họa.")
        return
    focal, head, coordinator = users["daumoi_dsvh"], users["truong_dsvh"], users["htqt"]
    for year, approve in ((today.year, True), (today.year + 1, False)):
        if UnitYearPlan.objects.filter(unit=unit, year=year).exists():
            continue  # idempotent
        year_plan = services.yearplan_create(unit=unit, year=year, actor=focal)
        services.item_add(year_plan=year_plan, actor=focal, title="Hội thảo quốc tế về bảo tồn di sản số",
                          product="Kỷ yếu hội thảo", deadline=dt.date(year, 10, 31),
                          planned_output="01 hội thảo, 01 kỷ yếu", target_date=dt.date(year, 10, 15))
        services.yearplan_submit(year_plan=year_plan, actor=head)
        if approve:
            services.yearplan_approve(year_plan=year_plan, actor=coordinator, comment="Đồng ý.")
        stdout.write(f"Kế hoạch năm {year} của {unit}: {year_plan.get_status_display().lower()}.")
