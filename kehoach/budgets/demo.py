"""Demo budget lines for a few units in VND, USD and EUR, some submitted and appraised, one returned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kehoach.accounts.models import User
from kehoach.core.text import name_key
from kehoach.organizations.models import Organization
from kehoach.plans.selectors import current_tasks

from .choices import Currency, FundingSource
from .models import BudgetLine
from .services import (
    budget_line_appraise,
    budget_line_save,
    budget_line_submit,
    budget_spend_record,
    task_set_seeks_sponsorship,
)

# unit, title, source, currency, amount, rate, what finance does: (approved or None, returned?)
LINES = [
    ("Cục Di sản văn hóa", "Số hóa hiện vật bảo tàng (hợp tác ICOM)", FundingSource.STATE_BUDGET, Currency.VND,
     "850000000", None, ("800000000", False)),
    ("Cục Di sản văn hóa", "Tài trợ Wallonie Bruxelles: bảo quản hiện vật", FundingSource.SPONSORSHIP,
     Currency.EUR, "40000", "27500", ("40000", False)),
    ("Cục Di sản văn hóa", "Vốn đối ứng dự án Wallonie Bruxelles", FundingSource.COUNTERPART, Currency.VND,
     "300000000", None, None),
    ("Cục Điện ảnh", "Tham dự liên hoan phim quốc tế", FundingSource.STATE_BUDGET, Currency.USD, "25000", "25400",
     ("20000", False)),
    ("Cục Điện ảnh", "Xã hội hóa Liên hoan phim quốc tế Hà Nội", FundingSource.SOCIALISED, Currency.VND,
     "1200000000", None, (None, True)),
    ("Trung tâm Công nghệ Thông tin", "Học tập kinh nghiệm chuyển đổi số tại Hàn Quốc", FundingSource.STATE_BUDGET,
     Currency.USD, "18000", "25400", None),
]


def populate(*, stdout, plans, today: dt.date) -> None:
    coordinator = User.objects.filter(role="coordinator").order_by("id").first()
    finance = User.objects.filter(role="finance").order_by("id").first()
    if coordinator is None or finance is None:
        return
    tasks = list(current_tasks(plans[1])) if len(plans) > 1 and plans[1] else []
    made = 0
    for unit_name, title, source, currency, amount, rate, appraisal in LINES:
        unit = Organization.objects.filter(name_key=name_key(unit_name)).first()
        if unit is None or BudgetLine.objects.filter(unit=unit, year=today.year, title=title).exists():
            continue
        task = next((t for t in tasks if any(a.organization_id == unit.pk for a in t.assignments.all())), None)
        line = budget_line_save(actor=coordinator, data={
            "unit": unit, "year": today.year, "title": title, "source": source, "currency": currency,
            "amount": amount, "exchange_rate": rate, "task": task})
        made += 1
        if appraisal is None:
            continue
        budget_line_submit(line=line, actor=coordinator)
        approved, returned = appraisal
        budget_line_appraise(line=line, actor=finance, approved_amount=approved, returned=returned,
                             comment="Đề nghị bổ sung thuyết minh chi tiết." if returned else "Thống nhất.")
        if approved and not returned:
            budget_spend_record(line=line, actor=coordinator, year=today.year, period_label="6 tháng đầu năm",
                                amount=Decimal(approved) / 4)
    for task in tasks:
        if "tài trợ" in task.funding.lower() and not task.seeks_sponsorship:
            task_set_seeks_sponsorship(task=task, actor=coordinator, value=True)
    stdout.write(f"Kinh phí: {made} dòng dự toán mới.")
