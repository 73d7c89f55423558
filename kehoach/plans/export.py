"""A stored plan back into the importer's JSON shape (gold shape), for `--json` and the JSON export."""

from __future__ import annotations

from .choices import AssignmentRole
from .models import Plan, Task
from .selectors import current_tasks


def task_to_gold(task: Task) -> dict:
    assignments = list(task.assignments.all())
    return {
        "group": task.group or None, "ref": task.ref, "title": task.title,
        "lead": [a.raw_name for a in assignments if a.role == AssignmentRole.LEAD],
        "coordinating": [a.raw_name for a in assignments if a.role == AssignmentRole.COORDINATING],
        "monitoring": [a.raw_name for a in assignments if a.role == AssignmentRole.MONITORING],
        "products": [p.name for p in task.products.all()],
        "partners": [p.raw_name for p in task.partner_links.all()],
        "funding": task.funding or None, "note": task.note or None,
        "timeframe": {"raw": task.timeframe_raw, "kind": task.timeframe_kind,
                      "start": task.timeframe_start.isoformat() if task.timeframe_start else None,
                      "end": task.timeframe_end.isoformat() if task.timeframe_end else None},
    }


def plan_to_gold(plan: Plan) -> dict:
    deadline = plan.reporting_deadlines.first()
    return {
        "document": {
            "kind": plan.kind, "issuer": plan.issuer_name or (plan.issuer.name if plan.issuer else None),
            "number": plan.number or None, "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
            "title": plan.title,
            "period": {"start": plan.period_start, "end": plan.period_end},
            "legal_bases": [{"number": b.number, "date": b.date.isoformat() if b.date else None}
                            for b in plan.legal_bases.all()],
            "signer": plan.signer or None,
            "coordinator": plan.coordinator.name if plan.coordinator else None,
            "report_due": f"{deadline.month:02d}-{deadline.day:02d}" if deadline else None,
        },
        "tasks": [task_to_gold(t) for t in current_tasks(plan)],
    }
