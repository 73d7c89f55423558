"""Plain dataclasses describing the documents we render.

The Django side fills these from its models and hands them to the composers in
``kehoach.documents.render``; nothing here knows about the database. Every text field accepts
``None`` or ``""`` (rendered as nothing) and any Unicode; control characters XML cannot hold are
stripped at render time.

Unit lists (``lead``, ``coordinating``) are ``list[str]`` because real unit names contain commas
("Vụ Kế hoạch, Tài chính"); a plain string is accepted too and used as written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

#: How section II of a consolidated report groups tasks: by the plan's own groups or by lead unit.
Grouping = Literal["group", "lead"]
#: A unit list as given by the caller: names, or one ready-made string.
Units = list[str] | str | None


@dataclass
class Issuer:
    """The issuing body (cơ quan, tổ chức ban hành văn bản): box 2 of Decree 30's first page.

    ``parent_name`` is the superior body printed above it (``BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH``),
    ``name`` the body itself (``CỤC HỢP TÁC QUỐC TẾ``); both are printed in capitals whatever their case.
    ``short_code`` is its notation (``HTQT`` in ``12/BC-HTQT``), ``place`` the place name of the date line,
    ``display_name`` how prose refers to it (``Cục Hợp tác quốc tế``; defaults to ``name``).
    """

    parent_name: str = ""
    name: str = ""
    short_code: str = ""
    place: str = "Hà Nội"
    display_name: str = ""


@dataclass
class Signer:
    """Who signs (box 7): ``authority`` such as ``KT. CỤC TRƯỞNG`` or ``TM. ỦY BAN NHÂN DÂN`` (may be
    empty when the head signs in person), ``title`` such as ``PHÓ CỤC TRƯỞNG``, and the person's name."""

    authority: str = ""
    title: str = ""
    name: str = ""


@dataclass
class TaskRow:
    """One task of a plan (a row of the plan's appendix), optionally with its progress in a period.

    ``group`` is the plan group it sits under (``I. Công tác tuyên truyền``; empty when the plan has no
    groups), ``ref`` its number in the appendix (``12``), ``lead`` the lead units (đơn vị chủ trì),
    ``coordinating`` the co-ordinating units (đơn vị phối hợp), ``products`` the expected product
    (Sản phẩm/Kết quả), ``timeframe`` the plan's time column (``Thường xuyên``, ``2025-2030``).
    ``status``/``percent``/``result`` are the period's state label (``Đã hoàn thành``), completion
    percentage and a summary of what was done; leave them empty for a bare plan.
    """

    group: str = ""
    ref: str | int | None = None
    title: str = ""
    lead: Units = None
    coordinating: Units = None
    products: str = ""
    timeframe: str = ""
    status: str = ""
    percent: float | int | None = None
    result: str = ""
    # A task many units share: the roll-up's breakdown, each unit's word grouped by result, and the
    # coordinating units' input (consolidated report only).
    breakdown: str = ""
    unit_results: list[UnitResult] = field(default_factory=list)
    inputs: list[UnitInput] = field(default_factory=list)
    # The task's status class label against its deadline (``Quá hạn``…) and that deadline (consolidated
    # report's second annex; empty: no class annex).
    task_class: str = ""
    deadline: dt.date | None = None


@dataclass
class UnitResult:
    """One unit's accepted word on a task: its state label and percent (``status`` groups the list)."""

    unit: str
    status: str = ""
    percent: float | int | None = None


@dataclass
class UnitInput:
    """A coordinating unit's contribution on a task."""

    unit: str
    text: str = ""


@dataclass
class FlaggedTask:
    """A task that section III of a consolidated report calls out: late (``kind="late"``) or proposed for
    adjustment (``kind="adjust"``), with the explanation or the adjustment proposed."""

    ref: str | int | None
    title: str
    lead: Units = None
    kind: Literal["late", "adjust"] = "late"
    explanation: str = ""


@dataclass
class ReportFigures:
    """The counts in section I of a consolidated report, computed by the caller for the period."""

    tasks_total: int = 0
    completed: int = 0
    in_progress: int = 0
    not_started: int = 0
    late: int = 0
    proposed_adjustment: int = 0
    units_total: int = 0
    units_on_time: int = 0
    units_late: int = 0
    units_missing: int = 0
    reports_accepted: int = 0
    #: Tasks per status class against their deadlines, in the Government Office's order: (label, count);
    #: judged as of ``classes_as_of``. Empty: the report says nothing of classes.
    classes: list[tuple[str, int]] = field(default_factory=list)
    classes_as_of: dt.date | None = None


@dataclass
class ConsolidatedSpec:
    """The coordinating unit's consolidated report on a plan for one reporting period
    (Báo cáo tình hình thực hiện Kế hoạch …), with the landscape annex listing every task.

    ``number`` is the register number (``None`` for an unsigned draft: ``Số:      /BC-HTQT``);
    ``date`` ``None`` leaves the day and month blank. ``grouping`` picks how section II is grouped.
    ``difficulties``/``proposals`` are paragraphs already merged and edited by the coordinating unit.
    ``recipients`` are the Nơi nhận lines without the ``- `` and ``;`` (the archive line is added).
    When ``figures.reports_accepted`` is 0 the body says that no report was accepted.
    """

    issuer: Issuer
    number: str | int | None = None
    date: dt.date | None = None
    plan_title: str = ""
    period_label: str = ""
    grouping: Grouping = "group"
    figures: ReportFigures = field(default_factory=ReportFigures)
    rows: list[TaskRow] = field(default_factory=list)
    flagged: list[FlaggedTask] = field(default_factory=list)
    difficulties: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    kinh_gui: list[str] = field(default_factory=list)
    intro: str = ""
    drafting_unit: str = ""


@dataclass
class UnitTaskEntry:
    """One task as a unit reports it for a period: its role (``chủ trì``/``phối hợp``), state label,
    percentage, what was done, the products delivered, and notes."""

    ref: str | int | None
    title: str
    role: str = "chủ trì"
    status: str = ""
    percent: float | int | None = None
    result: str = ""
    products: list[str] | str | None = None
    note: str = ""


@dataclass
class UnitReportSpec:
    """A unit's own report for a period on the tasks it leads or co-ordinates (the unit is the issuer;
    ``kinh_gui`` is usually the coordinating unit)."""

    issuer: Issuer
    number: str | int | None = None
    date: dt.date | None = None
    plan_title: str = ""
    period_label: str = ""
    entries: list[UnitTaskEntry] = field(default_factory=list)
    difficulties: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    kinh_gui: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    intro: str = ""
    drafting_unit: str = ""


@dataclass
class OwedTask:
    """A task a late unit has not yet reported on (its appendix number and title)."""

    ref: str | int | None
    title: str


@dataclass
class OwedUnit:
    """A unit that is late for the period and the tasks it still owes a report on."""

    name: str
    tasks: list[OwedTask] = field(default_factory=list)
    round: int = 0  # how many times this unit has been urged for the period, this letter included


@dataclass
class UrgingSpec:
    """An urging letter (công văn ``V/v đôn đốc báo cáo tình hình thực hiện Kế hoạch …``) from the
    coordinating unit to the units that are late. A công văn's notation has no kind code: pass
    ``notation`` such as ``BVHTTDL-HTQT`` (defaults to the issuer's short code)."""

    issuer: Issuer
    number: str | int | None = None
    notation: str = ""
    date: dt.date | None = None
    plan_title: str = ""
    period_label: str = ""
    units: list[OwedUnit] = field(default_factory=list)
    deadline: dt.date | None = None
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    contact: str = ""
    intro: str = ""
    drafting_unit: str = ""
    # A short subject line (``đôn đốc gửi báo cáo năm 2026 thực hiện Kế hoạch về …``) and the letter's round
    # (``lần 2``); without them the V/v names the whole plan.
    subject: str = ""
    round: int = 0


@dataclass
class PlanSection:
    """A prose section of a plan: a heading as written (``I. MỤC TIÊU, YÊU CẦU``, ``1. Mục tiêu``),
    its paragraphs, and nested sections."""

    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    children: list[PlanSection] = field(default_factory=list)


@dataclass
class PlanSpec:
    """A plan (Kế hoạch) itself: title block, prose sections and the landscape appendix of tasks.

    ``kind`` is the document kind line (``KẾ HOẠCH``), ``title`` its subject; ``attached_to`` the italic
    line under the title for a plan issued with a decision (``(Kèm theo Quyết định số …)``): such a plan
    has no number/date line of its own and its appendix cites the decision.
    ``appendix_title`` titles the task table; ``rows`` keep the appendix order and their ``group``
    values produce spanning group rows.
    """

    issuer: Issuer
    number: str | int | None = None
    date: dt.date | None = None
    title: str = ""
    kind: str = "KẾ HOẠCH"
    notation_kind: str = "KH"
    attached_to: str = ""
    intro: list[str] = field(default_factory=list)
    sections: list[PlanSection] = field(default_factory=list)
    appendix_title: str = "CÁC NHIỆM VỤ CỤ THỂ"
    rows: list[TaskRow] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    drafting_unit: str = ""


@dataclass
class PlanTasksSheet:
    """The plan's task list as a spreadsheet (appendix columns plus the period's state columns)."""

    title: str
    rows: list[TaskRow] = field(default_factory=list)
    period_label: str = ""


@dataclass
class MatrixRow:
    """One unit's line of the period matrix: a value (count or mark) per state label."""

    unit: str
    values: dict[str, int | float | str | None] = field(default_factory=dict)


@dataclass
class PeriodMatrixSheet:
    """Units × report states for one period (rows: units; columns: ``states`` in order)."""

    title: str
    states: list[str] = field(default_factory=list)
    rows: list[MatrixRow] = field(default_factory=list)
    period_label: str = ""
    totals: bool = True
    history: HistoryTables | None = None


@dataclass
class HistoryTables:
    """Across a plan's years: per unit its completeness (``"3/4 (75%)"``) and timeliness per year and its
    on-time rate; per task its rolled-up percent per year (``None``: not owed that year)."""

    years: list[int] = field(default_factory=list)
    units: list[tuple[str, list[str], float | None]] = field(default_factory=list)
    tasks: list[tuple[str | int | None, str, list[float | None]]] = field(default_factory=list)


@dataclass
class ActivityRow:
    """One planned international activity (the activity list form of the 2nd sample plan)."""

    ref: str | int | None
    name: str
    partner: str = ""
    timeframe: str = ""
    budget: str = ""
    unit_note: str = ""


@dataclass
class ActivitiesSheet:
    """The list of planned activities as a spreadsheet."""

    title: str
    rows: list[ActivityRow] = field(default_factory=list)
