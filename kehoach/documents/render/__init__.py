"""Pure-Python document layer: Decree 30/2020/NĐ-CP documents (.docx) and spreadsheets (.xlsx).

No Django here: callers fill the dataclasses of ``specs`` and get bytes back.
"""

from .composers import consolidated_report, plan_document, unit_report, urging_letter
from .specs import (
    ActivitiesSheet,
    ActivityRow,
    ConsolidatedSpec,
    FlaggedTask,
    Issuer,
    MatrixRow,
    OwedTask,
    OwedUnit,
    PeriodMatrixSheet,
    PlanSection,
    PlanSpec,
    PlanTasksSheet,
    ReportFigures,
    Signer,
    TaskRow,
    UnitReportSpec,
    UnitTaskEntry,
    UrgingSpec,
)

__all__ = [
    "ActivitiesSheet",
    "ActivityRow",
    "ConsolidatedSpec",
    "FlaggedTask",
    "Issuer",
    "MatrixRow",
    "OwedTask",
    "OwedUnit",
    "PeriodMatrixSheet",
    "PlanSection",
    "PlanSpec",
    "PlanTasksSheet",
    "ReportFigures",
    "Signer",
    "TaskRow",
    "UnitReportSpec",
    "UnitTaskEntry",
    "UrgingSpec",
    "consolidated_report",
    "plan_document",
    "unit_report",
    "urging_letter",
]
