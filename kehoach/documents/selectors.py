"""documents selectors: specs for the renderers built from the database, and the documents a user may see.

Every spec builder runs a fixed number of queries whatever the plan's size (one task query plus prefetches).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kehoach.core.permissions import is_manager
from kehoach.organizations.models import Organization
from kehoach.organizations.selectors import expand_to_units
from kehoach.plans.choices import AssignmentRole, PlanKind, TaskProgress
from kehoach.plans.models import Plan, Task
from kehoach.plans.selectors import current_tasks, plans_visible_to
from kehoach.reporting.choices import SENT_STATES, ObligationRole, ReportState
from kehoach.reporting.models import Obligation, ReportingPeriod, TaskReportEntry, UnitReport
from kehoach.reporting.selectors import period_dashboard, urging_letter_data
from kehoach.reporting.selectors import period_get as reporting_period_get

from .choices import PLAN_EXPORT_KINDS, DocumentKind
from .models import ConsolidationDraft, GeneratedDocument, SignatureProfile
from .render.specs import (
    ActivitiesSheet,
    ActivityRow,
    ConsolidatedSpec,
    FlaggedTask,
    Issuer,
    MatrixRow,
    OwedTask,
    OwedUnit,
    PeriodMatrixSheet,
    PlanSpec,
    PlanTasksSheet,
    ReportFigures,
    Signer,
    TaskRow,
    UnitReportSpec,
    UnitTaskEntry,
    UrgingSpec,
)


def issuer_for(org: Organization | None, *, fallback_name: str = "") -> Issuer:
    """The issuer block of an organisation from the registry: parent body, name, document code and place."""
    if org is None:
        return Issuer(name=fallback_name, display_name=fallback_name)
    parent = org.parent if org.parent_id else None
    return Issuer(parent_name=parent.name if parent else "", name=org.name,
                  short_code=org.document_code or org.short_name or "", place=org.place or "Hà Nội",
                  display_name=org.name)


def signer_for(org: Organization | None) -> Signer | None:
    """The organisation's signature profile, or None (the document then has a blank signature block)."""
    if org is None:
        return None
    profile = SignatureProfile.objects.filter(organization=org).first()
    if profile is None:
        return None
    return Signer(authority=profile.authority, title=profile.title, name=profile.name)


def signature_profiles() -> QuerySet[SignatureProfile]:
    return SignatureProfile.objects.select_related("organization").order_by("organization__name")


def _units(task: Task, role: str) -> list[str]:
    # Prefetched by current_tasks: the names as written in the plan, in their order.
    return [a.raw_name for a in task.assignments.all() if a.role == role]


def _products(task: Task) -> str:
    names = [p.name for p in task.products.all()]
    return "; ".join(names) if names else task.product_text


def task_row(task: Task, *, with_progress: bool = False) -> TaskRow:
    row = TaskRow(group=task.group, ref=task.ref, title=task.title, lead=_units(task, AssignmentRole.LEAD),
                  coordinating=_units(task, AssignmentRole.COORDINATING), products=_products(task),
                  timeframe=task.timeframe_raw)
    if with_progress:
        row.status = task.get_progress_display()
        row.percent = task.progress_percent
    return row


def plan_task_rows(plan: Plan, *, with_progress: bool = False) -> list[TaskRow]:
    """The plan's current tasks as appendix rows, in order (four queries whatever the number of tasks)."""
    return [task_row(t, with_progress=with_progress) for t in current_tasks(plan)]


def plan_spec(plan: Plan) -> PlanSpec:
    """The plan as a Decree 30 document: issued by the plan's issuer; a plan issued with a decision cites it."""
    issuer = issuer_for(plan.issuer, fallback_name=plan.issuer_name)
    attached = ""
    if plan.kind == PlanKind.DECISION_WITH_PLAN:
        number = plan.number or "…"
        date = f" ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else ""
        attached = f"(Kèm theo Quyết định số {number}{date} của {issuer.display_name or issuer.name})"
    intro = [f"Căn cứ {b.number}{f' ngày {b.date:%d/%m/%Y}' if b.date else ''}{f' {b.text}' if b.text else ''};"
             for b in plan.legal_bases.all()]
    # The plan's own signer as imported; else whoever signs for the issuer now.
    signer = Signer(title=plan.signer_title, name=plan.signer) if plan.signer else signer_for(plan.issuer)
    return PlanSpec(issuer=issuer, number=None if attached else (plan.number or None),
                    date=plan.issued_on, title=plan.title, attached_to=attached, intro=intro,
                    rows=plan_task_rows(plan), signer=signer)


def plan_tasks_sheet(plan: Plan) -> PlanTasksSheet:
    return PlanTasksSheet(title=f"Kế hoạch {plan.title}".strip(), rows=plan_task_rows(plan, with_progress=True))


def activities_sheet(plan: Plan) -> ActivitiesSheet:
    """The plan's tasks as an activity list: partners (countries/organisations), time, funding, units."""
    rows = []
    for task in current_tasks(plan):
        partners = "; ".join(p.raw_name for p in task.partner_links.all())
        units = "; ".join(_units(task, AssignmentRole.LEAD) + _units(task, AssignmentRole.COORDINATING))
        note = "; ".join(x for x in (units, task.note) if x)
        rows.append(ActivityRow(ref=task.ref, name=task.title, partner=partners, timeframe=task.timeframe_raw,
                                budget=task.funding, unit_note=note))
    return ActivitiesSheet(title=f"Danh mục hoạt động: {plan.title}", rows=rows)


# -- generated documents a user may see ------------------------------------------------------------------------


def documents_visible_to(user) -> QuerySet[GeneratedDocument]:
    """Plan exports for anyone who may see the plan; a unit's report for that unit, the coordinator and
    leadership; period-wide documents (consolidated report, urging letter, matrix) for the last two only."""
    qs = GeneratedDocument.objects.filter(plan__in=plans_visible_to(user))
    if is_manager(user) or user.role == "leadership":
        return qs
    own_unit = Q(kind=DocumentKind.UNIT_REPORT, unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
    return qs.filter(Q(kind__in=PLAN_EXPORT_KINDS) | own_unit)


def document_get(user, pk) -> GeneratedDocument:
    try:
        return documents_visible_to(user).select_related("plan", "unit", "created_by").get(pk=pk)
    except (GeneratedDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def plan_documents(user, plan: Plan, *, limit: int = 10) -> list[GeneratedDocument]:
    """The latest documents of a plan the user may see (one query)."""
    return list(documents_visible_to(user).filter(plan=plan).select_related("created_by")[:limit])


# -- the consolidated report -----------------------------------------------------------------------------------


@dataclass
class PeriodInputs:
    """What a reporting period adds to the plan's state: its label, the unit figures from the period's
    dashboard, each task's result text and late/adjustment explanation (by task lineage), and the
    difficulties and proposals as the coordinator edited them. Filled by the reporting adapter."""

    label: str = ""
    units_total: int = 0
    units_on_time: int = 0
    units_late: int = 0
    units_missing: int = 0
    reports_accepted: int = 0
    results: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    difficulties: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    # The accepted reports' own state and percent per task lineage (else the task's confirmed progress).
    statuses: dict[str, str] = field(default_factory=dict)
    percents: dict[str, int] = field(default_factory=dict)


DEFAULT_RECIPIENTS = ["Bộ trưởng (để báo cáo)", "Các Thứ trưởng", "Văn phòng Bộ", "Vụ Kế hoạch, Tài chính"]


def consolidated_spec(plan: Plan, *, grouping: str = "group", inputs: PeriodInputs | None = None,
                      number: str | int | None = None, date=None) -> ConsolidatedSpec:
    """The coordinating unit's report on the plan: every current task with its last confirmed state, grouped
    as asked; period figures and texts from ``inputs`` (a fixed number of queries whatever the size)."""
    inputs = inputs or PeriodInputs()
    coordinator = plan.coordinator
    rows, flagged = [], []
    counts = dict.fromkeys(TaskProgress.values, 0)
    for task in current_tasks(plan):
        lineage = str(task.lineage)
        row = task_row(task, with_progress=True)
        row.result = inputs.results.get(lineage, "")
        progress = inputs.statuses.get(lineage) or task.progress
        if lineage in inputs.statuses:
            row.status = TaskProgress(progress).label if progress in TaskProgress.values else row.status
        if inputs.percents.get(lineage) is not None:
            row.percent = inputs.percents[lineage]
        rows.append(row)
        counts[progress] = counts.get(progress, 0) + 1
        if progress in (TaskProgress.LATE, TaskProgress.ADJUSTMENT):
            flagged.append(FlaggedTask(ref=task.ref, title=task.title, lead=row.lead,
                                       kind="late" if progress == TaskProgress.LATE else "adjust",
                                       explanation=inputs.explanations.get(lineage, "")))
    figures = ReportFigures(
        tasks_total=len(rows), completed=counts[TaskProgress.COMPLETED], in_progress=counts[TaskProgress.IN_PROGRESS],
        not_started=counts[TaskProgress.NOT_STARTED], late=counts[TaskProgress.LATE],
        proposed_adjustment=counts[TaskProgress.ADJUSTMENT], units_total=inputs.units_total,
        units_on_time=inputs.units_on_time, units_late=inputs.units_late, units_missing=inputs.units_missing,
        reports_accepted=inputs.reports_accepted)
    return ConsolidatedSpec(
        issuer=issuer_for(coordinator, fallback_name=plan.issuer_name), number=number, date=date,
        plan_title=plan.title, period_label=inputs.label, grouping="lead" if grouping == "lead" else "group",
        figures=figures, rows=rows, flagged=flagged, difficulties=list(inputs.difficulties),
        proposals=list(inputs.proposals), recipients=list(DEFAULT_RECIPIENTS), signer=signer_for(coordinator),
        kinh_gui=["Lãnh đạo Bộ"])


def consolidation_draft(plan: Plan, period_id: int | None = None) -> ConsolidationDraft:
    """The stored working text for (plan, period), or an unsaved blank one."""
    scope = GeneratedDocument.scope_for(plan.pk, period_id, None)
    return ConsolidationDraft.objects.filter(scope=scope).first() or ConsolidationDraft(
        plan=plan, period_id=period_id, scope=scope)


def period_inputs(plan: Plan, period_id: int | None = None, *, today=None) -> PeriodInputs:
    """What the consolidated report says beyond the plan's state. For a reporting period: its figures and the
    accepted reports' texts; without one, the state as of today. Difficulties and proposals: the coordinator's
    edited draft once saved, else merged from the accepted reports."""
    draft = consolidation_draft(plan, period_id)
    if period_id:
        inputs = period_report_inputs(ReportingPeriod.objects.get(pk=period_id))
    else:
        today = today or dt.date.today()
        inputs = PeriodInputs(label=f"đến ngày {today:%d/%m/%Y}")
    if draft.pk:
        inputs.difficulties = draft.paragraphs(draft.difficulties)
        inputs.proposals = draft.paragraphs(draft.proposals)
    return inputs


# -- a unit's report and the urging letter ---------------------------------------------------------------------

ROLE_LABELS = {AssignmentRole.LEAD: "chủ trì", AssignmentRole.COORDINATING: "phối hợp"}


@dataclass
class UnitInputs:
    """What a unit's report for a period says beyond the plan's state: per task lineage a dict with any of
    ``status``, ``percent``, ``result``, ``products``, ``note``; the unit's difficulties and proposals."""

    label: str = ""
    entries: dict[str, dict] = field(default_factory=dict)
    difficulties: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)


def unit_tasks_in_plan(plan: Plan, unit: Organization) -> list[tuple[Task, str]]:
    """The plan's current tasks the unit leads or co-ordinates, named directly or through a group it belongs
    to ("Các đơn vị thuộc Bộ"), with its role (lead wins). Queries: the task query plus one per distinct group."""
    members: dict[int, bool] = {}

    def covers(org: Organization | None) -> bool:
        if org is None:
            return False
        if org.pk == unit.pk:
            return True
        if org.kind != "group":
            return False
        if org.pk not in members:
            members[org.pk] = any(u.pk == unit.pk for u in expand_to_units(org))
        return members[org.pk]

    result = []
    for task in current_tasks(plan):
        roles = {a.role for a in task.assignments.all() if covers(a.organization)}
        if roles:
            result.append((task, AssignmentRole.LEAD if AssignmentRole.LEAD in roles else AssignmentRole.COORDINATING))
    return result


def unit_report_spec(plan: Plan, unit: Organization, *, inputs: UnitInputs | None = None,
                     tasks: list[tuple[Task, str]] | None = None, number=None, date=None) -> UnitReportSpec:
    """A unit's own report on the plan: the unit is the issuer, addressed to the plan's coordinating unit."""
    inputs = inputs or UnitInputs()
    entries = []
    for task, role in tasks if tasks is not None else unit_tasks_in_plan(plan, unit):
        extra = inputs.entries.get(str(task.lineage), {})
        entries.append(UnitTaskEntry(
            ref=task.ref, title=task.title, role=ROLE_LABELS.get(role, role),
            status=extra.get("status") or task.get_progress_display(),
            percent=extra.get("percent", task.progress_percent), result=extra.get("result", ""),
            products=extra.get("products"), note=extra.get("note", "")))
    coordinator = plan.coordinator
    return UnitReportSpec(
        issuer=issuer_for(unit), number=number, date=date, plan_title=plan.title, period_label=inputs.label,
        entries=entries, difficulties=list(inputs.difficulties), proposals=list(inputs.proposals),
        kinh_gui=[coordinator.name] if coordinator else [], recipients=["Như trên"], signer=signer_for(unit))


def urging_spec(plan: Plan, owed: list[tuple[Organization, list[Task]]], *, label: str = "", deadline=None,
                number=None, date=None, contact: str = "") -> UrgingSpec:
    """The coordinating unit's công văn to the late units, listing the tasks each still owes a report on."""
    coordinator = plan.coordinator
    issuer = issuer_for(coordinator, fallback_name=plan.issuer_name)
    parent_code = coordinator.parent.document_code if coordinator and coordinator.parent_id else ""
    notation = "-".join(x for x in (parent_code, issuer.short_code) if x)
    units = [OwedUnit(name=org.name, tasks=[OwedTask(ref=t.ref, title=t.title) for t in tasks])
             for org, tasks in owed]
    return UrgingSpec(issuer=issuer, number=number, notation=notation, date=date, plan_title=plan.title,
                      period_label=label, units=units, deadline=deadline, recipients=["Lãnh đạo Bộ (để báo cáo)"],
                      signer=signer_for(coordinator), contact=contact)


# -- reporting periods -----------------------------------------------------------------------------------------


def period_get(user, pk):
    """A period the user may see (the reporting app's rule: units only where they owe something), else 404."""
    period = reporting_period_get(user, pk)
    return period


def unit_for_report_get(user, period, unit_pk) -> Organization:
    """A unit whose report in ``period`` the user may read: their own unit, or any for the coordinator and
    leadership; a unit with nothing to report in the period is 404 too."""
    may_see_all = is_manager(user) or user.role == "leadership"
    try:
        unit_pk = int(unit_pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not may_see_all and unit_pk != user.unit_id:
        raise Http404
    if not Obligation.objects.filter(period=period, unit_id=unit_pk).exists():
        raise Http404
    return Organization.objects.select_related("parent").get(pk=unit_pk)


def period_units_for(user, period) -> list[Organization]:
    """Units with something to report in the period whose report the user may read (one query)."""
    unit_ids = Obligation.objects.filter(period=period).values("unit_id")
    qs = Organization.objects.filter(pk__in=unit_ids)
    if not (is_manager(user) or user.role == "leadership"):
        qs = qs.filter(pk=user.unit_id) if user.unit_id else qs.none()
    return list(qs.order_by("position", "name"))


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


def period_report_inputs(period, facts: PeriodFacts | None = None) -> PeriodInputs:
    """Figures and texts of a period for the consolidated report: units on time / late / missing, accepted
    reports, each task's result and state from the accepted report, merged difficulties and proposals."""
    facts = facts or period_facts(period)
    # The unit figures are the period dashboard's, so the report says what the coordinator's page shows.
    board = period_dashboard(period)
    accepted_reports = [r for r in facts.reports.values() if r.state == ReportState.ACCEPTED]
    lineages = dict(Task.objects.filter(pk__in=list(facts.accepted_entries)).values_list("pk", "lineage"))
    inputs = PeriodInputs(label=period.label, units_total=board["units_owed"], units_on_time=board["on_time"],
                          units_late=board["late"], units_missing=board["missing"] + board["pending"],
                          reports_accepted=len(accepted_reports))
    for task_id, entry in facts.accepted_entries.items():
        key = str(lineages.get(task_id, ""))
        inputs.results[key] = entry.results
        if entry.status:
            inputs.statuses[key] = entry.status
        if entry.percent is not None:
            inputs.percents[key] = entry.percent
        explanation = " ".join(x for x in (entry.difficulties.strip(), entry.proposals.strip()) if x)
        if explanation:
            inputs.explanations[key] = explanation
    for report in sorted(accepted_reports, key=lambda r: (r.unit.position, r.unit.name)):
        inputs.difficulties += [f"{report.unit.name}: {p}" for p in _paragraphs(report.difficulties)]
        inputs.proposals += [f"{report.unit.name}: {p}" for p in _paragraphs(report.proposals)]
    return inputs


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
    inputs = UnitInputs(label=period.label,
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


def period_urging_spec(period, *, today=None) -> UrgingSpec:
    """The urging letter for a period: the units and tasks of the reporting app's ``urging_letter_data`` (so the
    download and ``kehoach urge`` name the same units), a reply deadline a week on, issuer and signer from the
    registry."""
    today = today or timezone.localdate()
    data = urging_letter_data(period)
    owed = [(Organization(pk=u["unit_id"], name=u["unit"]),
             [Task(ref=t["ref"], title=t["title"]) for t in u["tasks"]]) for u in data["units"]]
    return urging_spec(period.plan, owed, label=period.label, date=today,
                       deadline=max(period.deadline, today) + dt.timedelta(days=7))


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
    return PeriodMatrixSheet(title=f"Tình hình báo cáo: {period.plan.title}", states=states, rows=rows,
                             period_label=period.label)
