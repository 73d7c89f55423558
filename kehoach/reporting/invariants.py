"""Cross-table rules of reporting that `kehoach check-data` verifies (each problem is one line).

A report's state is where its transitions lead; a sent report has one revision per sending; every transition
has its audit entry; obligations and entries point at tasks of the period's plan (open periods: its current
version); every evidence row has its file and no evidence file lies in storage without its row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from kehoach.core.models import AuditEntry

from .choices import PeriodState, ReportState
from .models import Evidence, Obligation, ReportTransition, TaskReportEntry, UnitReport, UnitReportRevision


def _reports() -> Iterator[str]:
    transitions: dict[int, list[ReportTransition]] = defaultdict(list)
    for transition in ReportTransition.objects.order_by("report_id", "id").only(
            "report_id", "from_state", "to_state"):
        transitions[transition.report_id].append(transition)
    revisions: dict[int, list[int]] = defaultdict(list)
    for report_id, number in UnitReportRevision.objects.order_by("report_id", "number").values_list(
            "report_id", "number"):
        revisions[report_id].append(number)
    audited = Counter(AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(UnitReport),
                                                action__startswith="reporting.report_")
                      .values_list("object_id", "action"))
    for report in UnitReport.objects.only("id", "state", "submitted_at", "accepted_at"):
        chain = transitions.get(report.pk, [])
        state = ReportState.DRAFT
        for transition in chain:
            if transition.from_state != state:
                yield (f"report {report.pk}: transition {transition.pk} starts from {transition.from_state}, "
                       f"but the report was {state}")
            state = transition.to_state
        if state != report.state:
            yield f"report {report.pk}: state is {report.state} but its transitions end at {state}"
        sent = sum(1 for t in chain if t.to_state == ReportState.SUBMITTED)
        numbers = revisions.get(report.pk, [])
        if numbers != list(range(1, sent + 1)):
            yield f"report {report.pk}: sent {sent} times but has revisions {numbers}"
        if sent and report.submitted_at is None:
            yield f"report {report.pk}: sent but has no submission time"
        if report.state == ReportState.ACCEPTED and report.accepted_at is None:
            yield f"report {report.pk}: accepted but has no acceptance time"
        for to_state, count in Counter(t.to_state for t in chain).items():
            logged = audited.get((str(report.pk), f"reporting.report_{to_state}"), 0)
            if logged < count:
                yield f"report {report.pk}: {count} transitions to {to_state} but {logged} audit entries"


def _tasks() -> Iterator[str]:
    wrong_plan = Obligation.objects.exclude(task__plan_id=F("period__plan_id")).values_list("id", flat=True)
    for pk in wrong_plan[:100]:
        yield f"obligation {pk}: its task is not in the period's plan"
    stale = (Obligation.objects.filter(period__state=PeriodState.OPEN, named_by_lead=False)
             .exclude(task__version_id=F("period__plan__current_version_id")).values_list("id", "period_id"))
    for pk, period_id in stale[:100]:
        yield f"obligation {pk}: period {period_id} is open but the obligation is not on the plan's current version"
    for pk in TaskReportEntry.objects.exclude(task__plan_id=F("report__period__plan_id")).values_list(
            "id", flat=True)[:100]:
        yield f"entry {pk}: its task is not in the report's plan"


def _evidence() -> Iterator[str]:
    media = Path(settings.MEDIA_ROOT)
    known = set()
    for pk, name in Evidence.objects.values_list("id", "file"):
        known.add(name)
        if not (media / name).is_file():
            yield f"evidence {pk}: file {name} is missing from storage"
    folder = media / "reporting"
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(media).as_posix()
            if name not in known:
                yield f"evidence file {name} has no evidence row (orphan)"


def problems() -> Iterator[str]:
    yield from _reports()
    yield from _tasks()
    yield from _evidence()
