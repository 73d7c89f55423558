"""Demo data: an approved amendment (two tasks changed) that makes version 2 of the first sample plan,
and one awaiting review."""

from __future__ import annotations

import datetime as dt

from kehoach.accounts.models import User
from kehoach.amendments import services
from kehoach.amendments.models import AmendmentProposal
from kehoach.core.text import name_key
from kehoach.organizations.models import Organization
from kehoach.plans.models import Task

APPROVED_TITLE = "Điều chỉnh nhiệm vụ về di sản văn hóa và đào tạo (minh họa)"
PENDING_TITLE = "Đề nghị lùi thời gian thực hiện (minh họa)"


def _user(username):
    return User.objects.filter(username=username).first()


def _led_by(tasks, unit):
    return [t for t in tasks if any(a.role == "lead" and a.organization_id == unit.pk for a in t.assignments.all())]


def populate(*, stdout, plans, today) -> None:
    if not plans:
        return
    plan = plans[0]
    coordinator, leader = _user("htqt"), _user("lanhdao")
    focal, head = _user("daumoi_dsvh"), _user("truong_dsvh")
    if not all((coordinator, leader, focal, head)):
        stdout.write("Điều chỉnh kế hoạch: thiếu tài khoản thử, bỏ qua dữ liệu minh họa.")
        return
    unit = Organization.objects.filter(name_key=name_key("Cục Di sản văn hóa")).first()

    def current_tasks():
        plan.refresh_from_db()
        return list(Task.objects.filter(version_id=plan.current_version_id, is_archived=False)
                    .prefetch_related("assignments").order_by("position", "id"))

    # Idempotent: marked by title, so a second run neither re-approves nor makes version 3.
    if not AmendmentProposal.objects.filter(plan=plan, title=APPROVED_TITLE).exists():
        tasks = current_tasks()
        if len(tasks) >= 3:
            own = _led_by(tasks, unit) if unit else []
            to_change = (own + [t for t in tasks if t not in own])[:2]
            proposal = services.proposal_create(plan=plan, actor=coordinator, title=APPROVED_TITLE,
                                                reason="Minh họa quy trình điều chỉnh kế hoạch.")
            services.item_add(proposal=proposal, actor=coordinator, kind="change", task=to_change[0],
                              data={"title": to_change[0].title.rstrip(".") + " (bổ sung nội dung số hóa).",
                                    "reason": "Bổ sung nội dung chuyển đổi số."})
            services.item_add(proposal=proposal, actor=coordinator, kind="change", task=to_change[1],
                              data={"timeframe_raw": "2026-2030", "reason": "Chưa bố trí được kinh phí năm 2025."})
            # Changes only: the demo keeps the sample plans' 45 tasks (a drop is shown by the tests instead).
            services.proposal_submit(proposal=proposal, actor=coordinator)
            services.proposal_forward(proposal=proposal, actor=coordinator, comment="Kính trình Lãnh đạo Bộ.")
            proposal = services.proposal_approve(proposal=proposal, actor=leader, decision_number="1234/QĐ-BVHTTDL",
                                                 decision_date=min(today, dt.date(today.year, 6, 15)),
                                                 comment="Đồng ý.")
            stdout.write(f"Đã phê duyệt đề xuất điều chỉnh: kế hoạch có phiên bản {proposal.result_version.number}.")

    if unit and not AmendmentProposal.objects.filter(plan=plan, title=PENDING_TITLE).exists():
        tasks = current_tasks()
        own = _led_by(tasks, unit)
        proposal = services.proposal_create(plan=plan, actor=focal, title=PENDING_TITLE)
        if own:
            services.item_add(proposal=proposal, actor=focal, kind="change", task=own[-1],
                              data={"timeframe_raw": "2027", "reason": "Đối tác nước ngoài đề nghị lùi thời gian."})
        else:
            services.item_add(proposal=proposal, actor=focal, kind="add",
                              data={"title": "Hợp tác quốc tế về bảo tàng số", "lead": unit.name,
                                    "products": "Báo cáo", "timeframe_raw": "2026", "reason": "Nhiệm vụ mới phát sinh."})
        services.proposal_submit(proposal=proposal, actor=head)
        stdout.write("Đã tạo một đề xuất điều chỉnh chờ đơn vị đầu mối xem xét.")
