import datetime as dt

import pytest


@pytest.fixture
def plan(make_plan):
    return make_plan("000")


def task_by_ref(plan, ref):
    from kehoach.plans.models import Task

    return Task.objects.prefetch_related("assignments").get(version_id=plan.current_version_id, ref=ref)


@pytest.fixture
def flow():
    """Helpers that walk a proposal through the services."""
    from kehoach.amendments import services

    class Flow:
        @staticmethod
        def draft(plan, actor, items):
            proposal = services.proposal_create(plan=plan, actor=actor, title="Điều chỉnh nhiệm vụ")
            for kind, ref, data in items:
                task = task_by_ref(plan, ref) if ref else None
                services.item_add(proposal=proposal, actor=actor, kind=kind, task=task,
                                  data={"reason": "Lý do", **data})
            return proposal

        @staticmethod
        def to_leadership(proposal, submitter, coordinator):
            services.proposal_submit(proposal=proposal, actor=submitter)
            return services.proposal_forward(proposal=proposal, actor=coordinator, comment="Đề nghị phê duyệt")

        @staticmethod
        def approve(proposal, leader, number="123/QĐ-BVHTTDL"):
            return services.proposal_approve(proposal=proposal, actor=leader, decision_number=number,
                                             decision_date=dt.date(2025, 6, 1))

    return Flow
