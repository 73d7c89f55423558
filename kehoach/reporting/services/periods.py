"""Opening and closing reporting periods; open periods follow a plan's new version."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.core.rules import require
from kehoach.core.services import audit_log, snapshot
from kehoach.core.workflow import locked
from kehoach.plans.cache import plan_data_changed
from kehoach.plans.choices import PlanStatus
from kehoach.plans.models import Plan, Task

from ..choices import EDITABLE_STATES, PeriodKind, PeriodState
from ..models import CoordinatorInput, ReportingPeriod, TaskReportEntry
from .notifications import _d, _notify_units
from .obligations import _sync_obligations

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def _yearly_deadline(plan: Plan, year: int) -> dt.date:
    deadline = plan.reporting_deadlines.order_by("month", "day").first()
    if deadline is None:
        return dt.date(year, 11, 30)
    return dt.date(year, deadline.month, deadline.day)


@transaction.atomic
def period_open_yearly(*, plan: Plan, year: int, actor: User | None, cutoff: dt.date | None = None,
                       opens_on: dt.date | None = None, instructions: str = "",
                       deadline: dt.date | None = None) -> ReportingPeriod:
    """Open the plan's yearly period; deadline from the plan's reporting deadline (e.g. 30/11/year) unless
    the coordinator sets another."""
    require(actor, "reporting.open_period")
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Chỉ mở kỳ báo cáo cho kế hoạch đã ban hành."))
    if ReportingPeriod.objects.filter(plan=plan, kind=PeriodKind.YEARLY, year=year).exists():
        raise ValidationError(_("Kỳ báo cáo năm %(year)s của kế hoạch này đã được mở.") % {"year": year})
    deadline = deadline or _yearly_deadline(plan, year)
    opens_on = opens_on or min(timezone.localdate(), deadline)
    period = ReportingPeriod(
        plan=plan, kind=PeriodKind.YEARLY, year=year, opens_on=opens_on, deadline=deadline,
        cutoff=cutoff or deadline, instructions=instructions, created_by=actor if actor else None,
        label=_("Báo cáo năm %(year)s") % {"year": year},
    )
    _check_dates(period)
    period.full_clean()
    period.save()
    counts = _sync_obligations(period, actor=actor)
    audit_log(actor=actor, action="reporting.period_open", obj=period,
              after=snapshot(period, ["kind", "year", "opens_on", "cutoff", "deadline"]), message=str(counts))
    _notify_units(period, _("Mở kỳ báo cáo: %(label)s") % {"label": period.label},
                  _("Hạn gửi báo cáo: %(date)s") % {"date": _d(period.deadline)})
    return period


def _check_dates(period: ReportingPeriod) -> None:
    if period.deadline < period.opens_on:
        raise ValidationError({"deadline": _("Hạn gửi báo cáo (%(deadline)s) không được trước ngày mở kỳ "
                                             "(%(opens)s).") % {"deadline": _d(period.deadline),
                                                               "opens": _d(period.opens_on)}})
    if period.cutoff > period.deadline:
        raise ValidationError({"cutoff": _("Ngày chốt số liệu (%(cutoff)s) không được sau hạn gửi báo cáo "
                                           "(%(deadline)s).") % {"cutoff": _d(period.cutoff),
                                                                 "deadline": _d(period.deadline)}})
    if abs((period.cutoff - period.deadline).days) > 366:
        raise ValidationError({"cutoff": _("Ngày chốt số liệu quá xa hạn gửi báo cáo.")})


@transaction.atomic
def period_open_ad_hoc(*, plan: Plan, actor: User | None, label: str, deadline: dt.date, opens_on: dt.date | None = None,
                       cutoff: dt.date | None = None, units=(), lineages=(), instructions: str = ""
                       ) -> ReportingPeriod:
    """An ad hoc request (khi có yêu cầu) with its own deadline, chosen units/tasks and instructions."""
    require(actor, "reporting.open_period")
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Chỉ mở kỳ báo cáo cho kế hoạch đã ban hành."))
    opens_on = opens_on or timezone.localdate()
    period = ReportingPeriod(plan=plan, kind=PeriodKind.AD_HOC, year=(cutoff or deadline).year,
                             label=label.strip() or _("Báo cáo đột xuất"), opens_on=opens_on, deadline=deadline,
                             cutoff=cutoff or deadline, instructions=instructions,
                             scope_lineages=[str(x) for x in lineages], created_by=actor)
    _check_dates(period)
    period.full_clean()
    period.save()
    if units:
        period.scope_units.set(units)
    counts = _sync_obligations(period, actor=actor)
    audit_log(actor=actor, action="reporting.period_open", obj=period,
              after=snapshot(period, ["kind", "label", "opens_on", "cutoff", "deadline"]), message=str(counts))
    _notify_units(period, _("Yêu cầu báo cáo: %(label)s") % {"label": period.label},
                  _("Hạn gửi báo cáo: %(date)s") % {"date": _d(period.deadline)})
    return period


@transaction.atomic
def period_close(*, period: ReportingPeriod, actor: User) -> ReportingPeriod:
    require(actor, "reporting.close_period", period)
    period = locked(period)
    if not period.is_open:
        raise ValidationError(_("Kỳ báo cáo đã đóng."))
    before = snapshot(period, ["state"])
    period.state, period.closed_at = PeriodState.CLOSED, timezone.now()
    period.full_clean()
    period.save()
    plan_data_changed(period.plan_id)  # the plan's kept figures and lists (plans.cache) show open periods
    audit_log(actor=actor, action="reporting.period_close", obj=period, before=before,
              after=snapshot(period, ["state"]))
    return period


def plan_version_changed_handler(sender, *, plan, version, actor: User | None=None, **kwargs) -> None:
    """Open periods follow the plan's new version: draft entries move to the new task rows (same lineage)."""
    with transaction.atomic():
        new_by_lineage = dict(Task.objects.filter(version=version).values_list("lineage", "id"))
        for period in ReportingPeriod.objects.filter(plan=plan, state=PeriodState.OPEN):
            entries = TaskReportEntry.objects.filter(report__period=period, report__state__in=EDITABLE_STATES) \
                .exclude(task__version=version).select_related("task")
            for entry in entries:
                new_id = new_by_lineage.get(entry.task.lineage)
                if new_id and not TaskReportEntry.objects.filter(report_id=entry.report_id, task_id=new_id).exists():
                    entry.task_id = new_id
                    entry.save(update_fields=["task"])
            for item in CoordinatorInput.objects.filter(period=period).exclude(task__version=version) \
                    .select_related("task"):
                new_id = new_by_lineage.get(item.task.lineage)
                if new_id:
                    item.task_id = new_id
                    item.save(update_fields=["task"])
            counts = _sync_obligations(period, actor=actor)
            audit_log(actor=actor, action="reporting.period_repoint", obj=period, message=str(counts))


def organization_succeeded_handler(sender, *, organization, successor=None, actor: User | None=None, **kwargs) -> None:
    """A unit closed with a successor: open periods give its obligations to the successor; closed ones keep
    who owed what then."""
    with transaction.atomic():
        for period in ReportingPeriod.objects.filter(state=PeriodState.OPEN, obligations__unit=organization) \
                .distinct():
            counts = _sync_obligations(period, actor=actor)
            audit_log(actor=actor, action="reporting.period_successor", obj=period,
                      message=f"{organization} → {successor}: {counts}")
