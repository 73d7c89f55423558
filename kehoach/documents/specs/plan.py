"""Specs of documents about a plan, built from the database: the plan itself, its task sheets,
the consolidated report, a unit's report and the urging letter (given the period's inputs).

Every builder runs a fixed number of queries whatever the plan's size (one task query plus prefetches)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import translation

from kehoach.organizations.models import Organization
from kehoach.organizations.selectors import expand_to_units
from kehoach.plans.choices import AssignmentRole, PlanKind, TaskClass, TaskProgress
from kehoach.plans.models import Plan, Task
from kehoach.plans.selectors import current_tasks
from kehoach.plans.status_classes import task_class

from ..models import SignatureProfile
from ..render.specs import (
    ActivitiesSheet,
    ActivityRow,
    ConsolidatedSpec,
    FlaggedTask,
    Issuer,
    OwedTask,
    OwedUnit,
    PlanSpec,
    PlanTasksSheet,
    ReportFigures,
    Signer,
    TaskRow,
    UnitInput,
    UnitReportSpec,
    UnitResult,
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
    profile = SignatureProfile.objects.filter(organization=org).order_by("-is_default", "id").first()
    return signer_of(profile)


def signer_of(profile: SignatureProfile | None) -> Signer | None:
    if profile is None:
        return None
    return Signer(authority=profile.authority, title=profile.title, name=profile.name)


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
    return PlanTasksSheet(title=plan.full_title, rows=plan_task_rows(plan, with_progress=True))


def activities_sheet(plan: Plan) -> ActivitiesSheet:
    """The plan's tasks as an activity list: partners (countries/organisations), time, funding, units."""
    rows = []
    for task in current_tasks(plan):
        partners = "; ".join(p.raw_name for p in task.partner_links.all())
        units = "; ".join(_units(task, AssignmentRole.LEAD) + _units(task, AssignmentRole.COORDINATING))
        note = "; ".join(x for x in (units, task.note) if x)
        rows.append(ActivityRow(ref=task.ref, name=task.title, partner=partners, timeframe=task.timeframe_raw,
                                budget=task.funding, unit_note=note))
    return ActivitiesSheet(title=f"Danh mục hoạt động: {plan.full_title}", rows=rows)


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
    # Tasks many units share: the roll-up breakdown, each unit's word and the coordinating units' input.
    breakdowns: dict[str, str] = field(default_factory=dict)
    unit_results: dict[str, list[UnitResult]] = field(default_factory=dict)
    inputs: dict[str, list[UnitInput]] = field(default_factory=dict)
    unit_texts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # The period's own task rows (a closed period keeps the version it was run on); None: the current ones.
    tasks: list | None = None
    kinh_gui: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None  # the one picked for this document, else the coordinator's default
    # Tasks per status class (``plans.selectors.class_counts``) and the day they are judged on; None: none.
    class_counts: dict[str, int] | None = None
    as_of: dt.date | None = None


DEFAULT_RECIPIENTS = ["Bộ trưởng (để báo cáo)", "Các Thứ trưởng", "Văn phòng Bộ", "Vụ Kế hoạch, Tài chính"]


def consolidated_spec(plan: Plan, *, grouping: str = "group", inputs: PeriodInputs | None = None,
                      number: str | int | None = None, date=None) -> ConsolidatedSpec:
    """The coordinating unit's report on the plan: every current task with its last confirmed state, grouped
    as asked; period figures and texts from ``inputs`` (a fixed number of queries whatever the size)."""
    inputs = inputs or PeriodInputs()
    coordinator = plan.coordinator
    rows, flagged = [], []
    counts = dict.fromkeys(TaskProgress.values, 0)
    with translation.override("vi"):  # the document is in Vietnamese whatever the page's language
        class_labels = {value: str(label) for value, label in TaskClass.choices}
    for task in inputs.tasks if inputs.tasks is not None else current_tasks(plan):
        lineage = str(task.lineage)
        row = task_row(task, with_progress=True)
        row.result = inputs.results.get(lineage, "")
        row.breakdown = inputs.breakdowns.get(lineage, "")
        row.unit_results = list(inputs.unit_results.get(lineage, []))
        row.inputs = list(inputs.inputs.get(lineage, []))
        progress = inputs.statuses.get(lineage) or task.progress
        if lineage in inputs.statuses:
            row.status = TaskProgress(progress).label if progress in TaskProgress.values else row.status
        if inputs.percents.get(lineage) is not None:
            row.percent = inputs.percents[lineage]
        if inputs.as_of is not None:
            row.deadline = task.deadline
            # The same rule as ``class_counts`` (which gives the summary's figures), judged on the same day.
            row.task_class = class_labels[task_class(
                deadline=task.deadline, completed=task.progress == TaskProgress.COMPLETED,
                completed_on=task.completed_on, started=task.progress != TaskProgress.NOT_STARTED,
                today=inputs.as_of)]
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
        reports_accepted=inputs.reports_accepted,
        classes=[(class_labels[value], inputs.class_counts.get(value, 0)) for value in TaskClass.values]
        if inputs.class_counts is not None else [], classes_as_of=inputs.as_of)
    return ConsolidatedSpec(
        issuer=issuer_for(coordinator, fallback_name=plan.issuer_name), number=number, date=date,
        plan_title=plan.title, period_label=inputs.label, grouping="lead" if grouping == "lead" else "group",
        figures=figures, rows=rows, flagged=flagged, difficulties=list(inputs.difficulties),
        proposals=list(inputs.proposals), recipients=list(inputs.recipients or DEFAULT_RECIPIENTS),
        signer=inputs.signer or signer_for(coordinator), kinh_gui=list(inputs.kinh_gui or ["Lãnh đạo Bộ"]))


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


def short_plan_name(plan: Plan, *, words: int = 12) -> str:
    """How a subject line names the plan: by its number, else by what it is about (the words after the last
    "về"), else its first words."""
    if plan.number:
        return f"Kế hoạch số {plan.number}"
    title = " ".join((plan.title or "").split())
    about = title.rsplit(" về ", 1)[1] if " về " in title else ""
    if about and len(about.split()) <= words:
        return f"Kế hoạch về {about}"
    head = title.split()
    if head and head[0].lower() == "kế" and len(head) > 1 and head[1].lower() == "hoạch":
        head = head[2:]
    return "Kế hoạch " + " ".join(head[:words]) + ("…" if len(head) > words else "")


def urging_spec(plan: Plan, owed: list[tuple[Organization, list[Task]]], *, label: str = "", deadline=None,
                number=None, date=None, contact: str = "", rounds: dict[int, int] | None = None,
                subject: str = "") -> UrgingSpec:
    """The coordinating unit's công văn to the late units, listing the tasks each still owes a report on."""
    coordinator = plan.coordinator
    issuer = issuer_for(coordinator, fallback_name=plan.issuer_name)
    parent_code = coordinator.parent.document_code if coordinator and coordinator.parent_id else ""
    notation = "-".join(x for x in (parent_code, issuer.short_code) if x)
    rounds = rounds or {}
    units = [OwedUnit(name=org.name, tasks=[OwedTask(ref=t.ref, title=t.title) for t in tasks],
                      round=rounds.get(org.pk, 0)) for org, tasks in owed]
    return UrgingSpec(issuer=issuer, number=number, notation=notation, date=date, plan_title=plan.title,
                      period_label=label, units=units, deadline=deadline, recipients=["Lãnh đạo Bộ (để báo cáo)"],
                      signer=signer_for(coordinator), contact=contact, subject=subject,
                      round=max(rounds.values()) if rounds else 0)
