"""Demo data for tracking tasks the way the state does: one task in each status class, a leader in charge,
a tracking officer, an assigning document and an approved extension. Runs after the apps' own demo data
(the reporting demo accepts reports, which moves progress), and only once per plan."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kehoach.accounts.models import User
from kehoach.plans import rules
from kehoach.plans.choices import TaskProgress
from kehoach.plans.models import Task
from kehoach.plans.services import extension_approve, extension_request, task_set_tracking

ISSUER = "Bộ Văn hóa, Thể thao và Du lịch"


def _progress(task: Task, progress: str, percent: int, completed_on: dt.date | None = None) -> None:
    # The demo stands in for accepted reports here: progress is the reporting app's to set.
    task.progress, task.progress_percent, task.completed_on = progress, percent, completed_on
    task.progress_updated_at = timezone.now()
    task.save(update_fields=["progress", "progress_percent", "progress_updated_at", "completed_on"])


@transaction.atomic
def populate_tracking(*, stdout, plans, today: dt.date) -> None:
    if not plans:
        return
    plan = plans[0]
    coordinator = User.objects.filter(role="coordinator").order_by("id").first()
    leader = User.objects.filter(role="leadership").order_by("id").first()
    # Once: the coordinator has set no deadline on the sample plan before the demo does.
    if coordinator is None or Task.objects.filter(plan=plan, deadline_set__isnull=False).exists():
        return
    # Dated tasks first, then others the coordinator gives a deadline; "Thường xuyên" tasks keep none.
    dated = list(Task.objects.filter(plan=plan, is_current=True, is_archived=False).exclude(
        timeframe_kind="continuous").prefetch_related("assignments").select_related("plan")
        .order_by(F("timeframe_end").asc(nulls_last=True), "position")[:6])
    if len(dated) < 6:
        return
    day = dt.timedelta(days=1)
    # (deadline set by the coordinator, progress, percent, completed on)
    cases = [
        (today - 10 * day, TaskProgress.IN_PROGRESS, 60, None),       # quá hạn
        (today + 30 * day, TaskProgress.IN_PROGRESS, 40, None),       # đang thực hiện trong hạn
        (today + 60 * day, TaskProgress.NOT_STARTED, 0, None),        # chưa đến hạn
        (today + 5 * day, TaskProgress.COMPLETED, 100, today - 3 * day),    # hoàn thành đúng hạn
        (today - 20 * day, TaskProgress.COMPLETED, 100, today - 5 * day),   # hoàn thành quá hạn
        (today - 15 * day, TaskProgress.IN_PROGRESS, 80, None),       # gia hạn, then completed within it
    ]
    for i, (task, (deadline, progress, percent, completed_on)) in enumerate(zip(dated, cases, strict=True)):
        focal = User.objects.filter(role="focal_point", unit_id__in=[
            a.organization_id for a in task.assignments.all() if a.role == "lead"]).order_by("id").first()
        task = task_set_tracking(task=task, actor=coordinator, data={
            "deadline_set": deadline, "is_key": i < 3, "leader_in_charge": leader, "tracking_officer": coordinator,
            "focal_point": focal, "assigned_by_number": f"{120 + i}/QĐ-BVHTTDL",
            "assigned_by_date": dt.date(today.year, 1, 15), "assigned_by_issuer": ISSUER})
        _progress(task, progress, percent, completed_on)
    extended = Task.objects.select_related("plan").prefetch_related("assignments").get(pk=dated[5].pk)
    asker = extended.focal_point if extended.focal_point and rules.leads_task(extended.focal_point, extended) \
        else coordinator
    extension = extension_request(task=extended, actor=asker, proposed_date=today + 20 * day,
                                  reason="Chờ ý kiến thống nhất của các bộ, ngành liên quan.")
    if leader is not None:
        extension_approve(extension=extension, actor=leader, comment="Đồng ý gia hạn.")
        extended.refresh_from_db()
        _progress(extended, TaskProgress.COMPLETED, 100, today - day)
    stdout.write("Theo dõi nhiệm vụ: mỗi phân loại theo thời hạn có ít nhất một nhiệm vụ (/plans/tasks/summary/).")
