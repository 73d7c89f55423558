"""Deadline reminders: one digest per person, each step claimed once (idempotent, safe from cron)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.accounts.models import User
from kehoach.accounts.services import notification_create
from kehoach.core.rules import require
from kehoach.core.services import audit_log
from kehoach.core.workflow import locked

from ..choices import PeriodState, ReminderStep, ReportState
from ..models import ReminderLog, ReportingPeriod, TaskReportEntry, UnitReport, UrgingRecord
from .notifications import _d, reverse_lazy_home


@dataclass
class Owed:
    period: ReportingPeriod
    unit_name: str
    tasks: int
    step: str
    kind: str


@dataclass
class Digest:
    user: User
    items: list[Owed] = field(default_factory=list)


def reminder_days() -> list[int]:
    return sorted({int(x) for x in getattr(settings, "KEHOACH_REMINDER_DAYS", (14, 7, 1))}, reverse=True)


def _step_for(days_left: int) -> tuple[str, str] | None:
    """The reminder step that applies `days_left` days before the deadline (a missed hourly run catches up)."""
    if days_left < 0:
        return "late", ReminderStep.LATE
    if days_left == 0:
        return "due", ReminderStep.DUE
    passed = [d for d in reminder_days() if days_left <= d]
    if not passed:
        return None
    return f"before-{min(passed)}", ReminderStep.BEFORE


def _claim(period_id: int, user_id: int, step: str, kind: str) -> bool:
    """Conditional insert: True only for the run that wrote the row (two runs at once never both win)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(period_id=period_id, user_id=user_id, step=step, kind=kind)
        return True
    except IntegrityError:
        return False


def reminders_run(*, today: dt.date | None = None, dry_run: bool = False) -> list[Digest]:
    """Send due reminders: one digest per person listing all that person owes across open periods."""
    today = today or timezone.localdate()
    owing = (UnitReport.objects.filter(period__state=PeriodState.OPEN,
                                       state__in=[ReportState.DRAFT, ReportState.RETURNED, ReportState.APPROVED])
             .select_related("period", "unit"))
    report_rows = list(owing)
    entry_counts: defaultdict[int, int] = defaultdict(int)
    for report_id in TaskReportEntry.objects.filter(report__in=[r.id for r in report_rows]) \
            .values_list("report_id", flat=True):
        entry_counts[report_id] += 1
    by_unit: defaultdict[int | None, list[tuple[UnitReport, tuple[str, str]]]] = defaultdict(list)
    for report in report_rows:
        due = _step_for((report.period.deadline - today).days)
        if due:
            by_unit[report.unit_id].append((report, due))
    users = User.objects.filter(unit_id__in=by_unit.keys(), is_active=True,
                                role__in=["focal_point", "unit_head"]).order_by("id")
    digests: dict[int, Digest] = {}
    for user in users:
        for report, (step, kind) in by_unit[user.unit_id]:
            wanted_role = "unit_head" if kind == ReminderStep.LATE else "focal_point"
            if user.role != wanted_role:
                continue
            if not dry_run and not _claim(report.period_id, user.id, step, kind):
                continue
            if dry_run and ReminderLog.objects.filter(period=report.period, user=user, step=step).exists():
                continue
            digests.setdefault(user.id, Digest(user=user)).items.append(
                Owed(period=report.period, unit_name=report.unit.name, tasks=entry_counts[report.id], step=step,
                     kind=kind))
    result = list(digests.values())
    if dry_run:
        return result
    for digest in result:
        lines = []
        for item in digest.items:
            days = (item.period.deadline - today).days
            when = (_("còn %(n)s ngày") % {"n": days} if days > 0 else
                    _("hôm nay là hạn cuối") if days == 0 else _("đã quá hạn %(n)s ngày") % {"n": -days})
            lines.append(_("- %(plan)s — %(label)s: %(tasks)s nhiệm vụ, hạn %(date)s (%(when)s)")
                         % {"plan": item.period.plan, "label": item.period.label, "tasks": item.tasks,
                            "date": _d(item.period.deadline), "when": when})
        subject = _("[kehoach] Nhắc hạn báo cáo: %(n)s kỳ báo cáo đơn vị còn nợ") % {"n": len(digest.items)}
        body = _("Kính gửi %(name)s,\n\nĐơn vị %(unit)s còn phải gửi các báo cáo sau:\n%(lines)s\n") % {
            "name": digest.user, "unit": digest.items[0].unit_name, "lines": "\n".join(lines)}
        if digest.user.email:
            send_mail(subject, body, None, [digest.user.email], fail_silently=False)
        notification_create(user=digest.user, title=subject, body=body, url=reverse_lazy_home())
    return result


@transaction.atomic
def urging_record(*, period: ReportingPeriod, unit_ids, actor: User | None) -> dict[int, int]:
    """Count one more urging (đôn đốc) of each unit for the period; returns unit -> its urging number."""
    require(actor, "reporting.write_urging", period)
    locked(period)  # one urging count at a time per period
    last = dict(UrgingRecord.objects.filter(period=period, unit_id__in=list(unit_ids)).order_by()
                .values_list("unit_id").annotate(n=Max("number")))
    numbers = {int(u): last.get(int(u), 0) + 1 for u in unit_ids}
    UrgingRecord.objects.bulk_create([UrgingRecord(period=period, unit_id=u, number=n,
                                                   by=actor if getattr(actor, "pk", None) else None)
                                      for u, n in numbers.items()])
    audit_log(actor=actor, action="reporting.urging", obj=period,
              message=", ".join(f"{u}: lần {n}" for u, n in numbers.items()))
    return numbers
