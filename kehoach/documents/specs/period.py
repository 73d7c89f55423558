"""What a reporting period adds to the plan's documents: its figures, the accepted reports' texts,
the units that owe a report, the unit-by-state matrix (a fixed number of queries per period)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from kehoach.organizations.models import Organization
from kehoach.plans.choices import AssignmentRole
from kehoach.plans.models import Plan, Task
from kehoach.plans.selectors import class_counts, current_tasks
from kehoach.reporting.choices import SENT_STATES, EntryStatus, ObligationRole, ProgressRule, ReportState
from kehoach.reporting.models import (
    CoordinatorInput,
    Obligation,
    ReportingPeriod,
    TaskPeriodProgress,
    TaskReportEntry,
    UnitReport,
)
from kehoach.reporting.selectors import (
    period_as_of,
    period_class_counts,
    period_dashboard,
    plan_history,
    urging_letter_data,
)
from kehoach.reporting.services.progress import aggregate, unit_effective

from ..models import ConsolidationDraft, GeneratedDocument
from ..render.specs import (
    HistoryTables,
    MatrixRow,
    PeriodMatrixSheet,
    UnitInput,
    UnitReportSpec,
    UnitResult,
    UrgingSpec,
)
from .addressees import plan_addressees, recipients_for
from .plan import PeriodInputs, UnitInputs, short_plan_name, signer_of, unit_report_spec, urging_spec


def consolidation_draft(plan: Plan, period_id: int | None = None) -> ConsolidationDraft:
    """The stored working text for (plan, period), or an unsaved blank one."""
    scope = GeneratedDocument.scope_for(plan.pk, period_id, None)
    return ConsolidationDraft.objects.filter(scope=scope).first() or ConsolidationDraft(
        plan=plan, period_id=period_id, scope=scope)


def period_phrase(period) -> str:
    """How a document's prose names the period: "năm 2026" for a yearly one, else its own label."""
    return f"năm {period.year}" if period.kind == "yearly" else period.label


def plan_default_addressees(plan: Plan) -> tuple[list[str], list[str]]:
    """Kính gửi and Nơi nhận for a new consolidated report of the plan: as the coordinator last chose them
    for this plan, else as the plan's text says (else the Ministry's leadership)."""
    last = ConsolidationDraft.objects.filter(plan=plan).exclude(kinh_gui="").order_by("-updated_at", "-id").first()
    if last is not None:
        recipients = ConsolidationDraft.paragraphs(last.recipients)
        kinh_gui = ConsolidationDraft.paragraphs(last.kinh_gui)
        return kinh_gui, recipients or recipients_for(kinh_gui)
    addressees = plan_addressees(plan)
    return addressees, recipients_for(addressees)


def period_inputs(plan: Plan, period_id: int | None = None, *, today=None) -> PeriodInputs:
    """What the consolidated report says beyond the plan's state. For a reporting period: its figures and the
    accepted reports' texts; without one, the state as of today. Difficulties, proposals, each task's
    consolidated wording and the addressees: the coordinator's edited draft once saved, else prefilled."""
    draft = consolidation_draft(plan, period_id)
    if period_id:
        inputs = period_report_inputs(ReportingPeriod.objects.get(pk=period_id))
    else:
        today = today or dt.date.today()
        inputs = PeriodInputs(label=f"đến ngày {today:%d/%m/%Y}", as_of=today,
                              class_counts=class_counts(Task.objects.filter(plan_id=plan.pk, is_current=True), today))
    inputs.kinh_gui, inputs.recipients = plan_default_addressees(plan)
    if draft.pk:
        inputs.difficulties = draft.paragraphs(draft.difficulties)
        inputs.proposals = draft.paragraphs(draft.proposals)
        for lineage, text in (draft.task_texts or {}).items():
            if str(text).strip():
                inputs.results[str(lineage)] = str(text).strip()
        if draft.kinh_gui.strip():
            inputs.kinh_gui = draft.paragraphs(draft.kinh_gui)
        if draft.recipients.strip():
            inputs.recipients = draft.paragraphs(draft.recipients)
        if draft.signer_id:
            inputs.signer = signer_of(draft.signer)
    return inputs


def _paragraphs(text: str) -> list[str]:
    return ConsolidationDraft.paragraphs(text)


@dataclass
class PeriodFacts:
    """One read of a period: lead obligations per unit, each unit's report, accepted entries by task."""

    period: object
    lead_units: dict[int, Organization]
    lead_tasks: dict[int, list[Task]]
    reports: dict[int, object]
    accepted_entries: dict[int, object]  # task id -> entry of the lead unit's accepted report


def period_facts(period) -> PeriodFacts:
    """Everything the period's documents need, in a fixed number of queries."""
    lead_units: dict[int, Organization] = {}
    lead_tasks: dict[int, list[Task]] = {}
    for ob in (Obligation.objects.filter(period=period, role=ObligationRole.LEAD)
               .select_related("unit", "task").order_by("unit__position", "unit__name", "task__position")):
        lead_units.setdefault(ob.unit_id, ob.unit)
        lead_tasks.setdefault(ob.unit_id, []).append(ob.task)
    reports = {r.unit_id: r for r in UnitReport.objects.filter(period=period).select_related("unit")}
    accepted = {}
    for entry in TaskReportEntry.objects.filter(report__period=period, report__state=ReportState.ACCEPTED) \
            .select_related("report"):
        # The lead unit's account wins over a coordinating unit's.
        if entry.report.unit_id in lead_units and entry.task_id in {t.pk for t in lead_tasks[entry.report.unit_id]}:
            accepted[entry.task_id] = entry
        else:
            accepted.setdefault(entry.task_id, entry)
    return PeriodFacts(period=period, lead_units=lead_units, lead_tasks=lead_tasks, reports=reports,
                       accepted_entries=accepted)


def _period_tasks(period) -> list[Task]:
    """The task rows a period was run on: a closed period keeps its own (amendments change open periods only);
    an open one follows the plan's current version."""
    if period.is_open:
        return list(current_tasks(period.plan))
    ids = Obligation.objects.filter(period=period).values("task_id")
    return list(Task.objects.filter(pk__in=ids).order_by("position", "id")
                .prefetch_related("assignments", "products"))


def period_report_inputs(period, facts: PeriodFacts | None = None) -> PeriodInputs:
    """Figures and texts of a period for the consolidated report: units on time / late / missing, accepted
    reports, each task's roll-up over all units that owe it (status, percent, breakdown, each unit's word and
    result text), the coordinating units' input, merged difficulties and proposals."""
    facts = facts or period_facts(period)
    # The unit figures are the period dashboard's, so the report says what the coordinator's page shows.
    board = period_dashboard(period)
    accepted_reports = [r for r in facts.reports.values() if r.state == ReportState.ACCEPTED]
    inputs = PeriodInputs(label=period_phrase(period), units_total=board["units_owed"],
                          units_on_time=board["on_time"],
                          units_late=board["late"], units_missing=board["missing"] + board["pending"],
                          reports_accepted=len(accepted_reports), tasks=_period_tasks(period),
                          as_of=period_as_of(period), class_counts=period_class_counts(period))
    for row in TaskPeriodProgress.objects.filter(period=period):
        key = str(row.lineage)
        if row.status:
            inputs.statuses[key] = row.status
            inputs.percents[key] = row.percent
        if row.units_total > 1:
            inputs.breakdowns[key] = row.breakdown
    texts: dict[str, list[tuple[str, str]]] = {}
    raw: dict[str, dict[int, tuple[str, int]]] = {}
    entries = (TaskReportEntry.objects.filter(report__period=period, report__state=ReportState.ACCEPTED)
               .select_related("report__unit", "task").order_by("report__unit__position", "report__unit__name"))
    for entry in entries:
        key = str(entry.task.lineage)
        raw.setdefault(key, {})[entry.report.unit_id] = (entry.status or EntryStatus.NOT_STARTED, entry.percent or 0)
        status, percent = unit_effective(entry.status, entry.percent, entry.completion_confirmed)
        inputs.unit_results.setdefault(key, []).append(
            UnitResult(unit=entry.report.unit.name, status=str(EntryStatus(status).label), percent=percent))
        if entry.results.strip():
            texts.setdefault(key, []).append((entry.report.unit.name, entry.results.strip()))
        explanation = " ".join(x for x in (entry.difficulties.strip(), entry.proposals.strip()) if x)
        if explanation:
            inputs.explanations[key] = " ".join(x for x in (inputs.explanations.get(key, ""), explanation) if x)
    inputs.unit_texts = texts
    # Rows written without the services (imports of past years) have no stored roll-up: roll the words up here.
    for key, words in raw.items():
        if key not in inputs.statuses:
            rolled = aggregate(list(words), words, rule=ProgressRule.MEAN)
            if rolled["status"]:
                inputs.statuses[key], inputs.percents[key] = rolled["status"], rolled["percent"]
    for key, said in texts.items():
        # Prefill of the coordinator's wording: the one unit's text, or each unit's, named.
        inputs.results[key] = said[0][1] if len(said) == 1 and len(inputs.unit_results[key]) == 1 else \
            "\n".join(f"{unit}: {text}" for unit, text in said)
    for item in (CoordinatorInput.objects.filter(period=period).select_related("unit", "task")
                 .order_by("unit__position", "unit__name")):
        inputs.inputs.setdefault(str(item.task.lineage), []).append(UnitInput(unit=item.unit.name, text=item.text))
    for report in sorted(accepted_reports, key=lambda r: (r.unit.position, r.unit.name)):
        inputs.difficulties += [f"{report.unit.name}: {p}" for p in _paragraphs(report.difficulties)]
        inputs.proposals += [f"{report.unit.name}: {p}" for p in _paragraphs(report.proposals)]
    return inputs


def texts_by_task(inputs: PeriodInputs, key: str) -> list[tuple[str, str]]:
    return inputs.unit_texts.get(key, [])


def task_sources(period, draft: ConsolidationDraft | None = None) -> list[dict]:
    """Per task of the period: the consolidated wording (saved, else prefilled from the accepted entries) and
    each unit's accepted word beside it (the coordinator's editing form), in task order."""
    inputs = period_report_inputs(period)
    saved = (draft.task_texts or {}) if draft is not None and draft.pk else {}
    rows = []
    for task in inputs.tasks or []:
        key = str(task.lineage)
        rows.append({"task": task, "lineage": key, "text": saved.get(key) or inputs.results.get(key, ""),
                     "prefill": inputs.results.get(key, ""), "sources": texts_by_task(inputs, key),
                     "breakdown": inputs.breakdowns.get(key, ""), "units": inputs.unit_results.get(key, []),
                     "inputs": inputs.inputs.get(key, [])})
    return rows


def merged_texts(period) -> tuple[str, str]:
    """The accepted reports' difficulties and proposals, one line each, to prefill the coordinator's form."""
    inputs = period_report_inputs(period)
    return "\n".join(inputs.difficulties), "\n".join(inputs.proposals)


def period_unit_report_spec(period, unit: Organization) -> UnitReportSpec:
    """A unit's report for a period from its UnitReport (any state: the unit prints its own draft too)."""
    report = UnitReport.objects.filter(period=period, unit=unit).prefetch_related("entries").first()
    obligations = (Obligation.objects.filter(period=period, unit=unit).select_related("task")
                   .order_by("task__position", "role"))
    tasks: dict[int, tuple[Task, str]] = {}
    for ob in obligations:
        if ob.task_id not in tasks or ob.role == AssignmentRole.LEAD:
            tasks[ob.task_id] = (ob.task, ob.role)
    entries = {e.task_id: e for e in report.entries.all()} if report else {}
    inputs = UnitInputs(label=period_phrase(period),
                        difficulties=_paragraphs(report.difficulties) if report else [],
                        proposals=_paragraphs(report.proposals) if report else [])
    for task_id, (task, _role) in tasks.items():
        entry = entries.get(task_id)
        if entry:
            inputs.entries[str(task.lineage)] = {
                "status": entry.get_status_display() if entry.status else "", "percent": entry.percent,
                "result": entry.results, "note": entry.evidence_number}
    return unit_report_spec(period.plan, unit, inputs=inputs, tasks=list(tasks.values()))


def period_owed(period, facts: PeriodFacts | None = None) -> list[tuple[Organization, list[Task]]]:
    """Units that lead tasks in the period and have not sent their report, with those tasks."""
    facts = facts or period_facts(period)
    return [(unit, facts.lead_tasks[pk]) for pk, unit in facts.lead_units.items()
            if not (pk in facts.reports and facts.reports[pk].state in SENT_STATES)]


def period_urging_spec(period, *, today=None, rounds: dict | None = None) -> UrgingSpec:
    """The urging letter for a period: the units and tasks of the reporting app's ``urging_letter_data`` (so the
    download and ``kehoach urge`` name the same units: never the coordinating unit itself), a short V/v with
    the round (``lần N``: ``rounds`` as recorded for this letter, else the count so far), a reply deadline a
    week on, issuer and signer from the registry."""
    today = today or timezone.localdate()
    data = urging_letter_data(period)
    owed = [(Organization(pk=u["unit_id"], name=u["unit"]),
             [Task(ref=t["ref"], title=t["title"]) for t in u["tasks"]]) for u in data["units"]]
    if rounds is None:
        rounds = {u["unit_id"]: u["urged"] for u in data["units"] if u["urged"]}
    rounds = {int(k): int(v) for k, v in rounds.items()}
    subject = f"đôn đốc gửi báo cáo {period_phrase(period)} thực hiện {short_plan_name(period.plan)}"
    spec = urging_spec(period.plan, owed, label=period_phrase(period), date=today,
                       deadline=max(period.deadline, today) + dt.timedelta(days=7), rounds=rounds,
                       subject=subject)
    # The signer the coordinator picked for the period's consolidated report signs its letters too.
    draft = consolidation_draft(period.plan, period.pk)
    if draft.signer_id:
        spec.signer = signer_of(draft.signer)
    return spec


def period_matrix_sheet(period) -> PeriodMatrixSheet:
    """Units × report states: a 1 in the column of each unit's report state, and its number of lead tasks."""
    facts = period_facts(period)
    missing = "Chưa lập báo cáo"
    states = [str(label) for label in ReportState.labels] + [missing, "Số nhiệm vụ chủ trì"]
    units = dict(facts.lead_units)
    for pk, report in facts.reports.items():
        units.setdefault(pk, report.unit)
    rows = []
    for pk, unit in sorted(units.items(), key=lambda kv: (kv[1].position, kv[1].name)):
        report = facts.reports.get(pk)
        column = str(report.get_state_display()) if report else missing
        rows.append(MatrixRow(unit=unit.name, values={column: 1,
                                                      "Số nhiệm vụ chủ trì": len(facts.lead_tasks.get(pk, []))}))
    return PeriodMatrixSheet(title=f"Tình hình báo cáo: {period.plan.full_title}", states=states, rows=rows,
                             period_label=period.label, history=history_tables(period.plan))


TIMING_LABELS = {"on_time": "đúng hạn", "late": "muộn", "missing": "chưa gửi", "pending": "chưa đến hạn"}


def history_tables(plan) -> HistoryTables:
    """The reporting app's unit × year and task × year history, as the export writes it."""
    data = plan_history(plan, per_page=None)
    units = []
    for row in data["unit_rows"]:
        cells = ["" if c is None else f"{c['done']}/{c['owed']} ({c['completeness']}%), {TIMING_LABELS[c['timing']]}"
                 for c in row["cells"]]
        units.append((row["unit"].name, cells, row["on_time_rate"]))
    tasks = [(r["task"].ref, r["task"].title, [c[0] if c else None for c in r["cells"]]) for r in data["task_rows"]]
    return HistoryTables(years=data["years"], units=units, tasks=tasks)
