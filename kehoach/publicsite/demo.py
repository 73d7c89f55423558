"""Demo data: leadership opts the first plan in to the public progress page."""

from __future__ import annotations

from kehoach.accounts.models import User
from kehoach.plans.choices import PlanStatus
from kehoach.plans.services import plan_make_public


def populate(*, stdout, plans, today) -> None:
    plan = plans[0] if plans else None
    leader = User.objects.filter(role="leadership", is_active=True).order_by("id").first()
    if plan is None or leader is None:
        return
    plan.refresh_from_db()
    if plan.status == PlanStatus.PUBLISHED and plan.public_at is None:
        plan_make_public(plan=plan, actor=leader)
    stdout.write(f"Trang công khai tiến độ (không cần đăng nhập): /cong-khai/{plan.pk}/")
