from __future__ import annotations

from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from django.http import Http404

from kehoach.core.rules import may
from kehoach.core.text import fold
from kehoach.organizations.choices import OrgKind
from kehoach.organizations.models import Organization

from .manual import initial_from_document
from .models import ImportJob, ScanCrop

if TYPE_CHECKING:
    from kehoach.accounts.models import User


def import_job_get(user: User, pk) -> ImportJob:
    """Import jobs belong to the people who run plans."""
    if not may(user, "imports.import_document"):
        raise Http404
    try:
        return ImportJob.objects.select_related("plan").get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError):
        raise Http404 from None


def recent_jobs(user: User, limit: int = 20):
    if not may(user, "imports.import_document"):
        return ImportJob.objects.none()
    return ImportJob.objects.select_related("plan", "created_by")[:limit]


def draft_document(plan) -> dict:
    """A draft's facts as the manual-entry form's initial values."""

    bases = [{"number": b.number, "date": b.date.isoformat() if b.date else None} for b in plan.legal_bases.all()]
    deadline = plan.reporting_deadlines.first()
    return initial_from_document({
        "kind": plan.kind, "number": plan.number, "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "issuer": plan.issuer_name, "title": plan.title,
        "period": {"start": plan.period_start, "end": plan.period_end} if plan.period_start else None,
        "coordinator": plan.coordinator.name if plan.coordinator_id else "", "signer": plan.signer,
        "signer_title": plan.signer_title, "legal_bases": bases,
        "report_due": f"{deadline.month:02d}-{deadline.day:02d}" if deadline else None,
    })


def draft_grid_rows(plan) -> list[dict]:
    """A draft's current rows as grid cells (a thin import completed by hand)."""
    tasks = (plan.tasks.filter(version_id=plan.current_version_id, is_archived=False).order_by("position")
             .prefetch_related("assignments", "products"))
    rows = []
    for t in tasks:
        assignments = list(t.assignments.all())
        rows.append({
            "ref": t.ref, "group": t.group, "title": t.title,
            "lead": "; ".join(a.raw_name for a in assignments if a.role == "lead"),
            "coordinating": "; ".join(a.raw_name for a in assignments if a.role == "coordinating"),
            "monitoring": "; ".join(a.raw_name for a in assignments if a.role == "monitoring"), "products": ", ".join(p.name for p in t.products.all()),
            "timeframe": t.timeframe_raw,
        })
    return rows
def scan_crops_for(plan) -> dict[int, ScanCrop]:
    """The scanned row pictures of a draft's tasks, by task id (one query)."""
    return {c.task_id: c for c in ScanCrop.objects.filter(task__plan=plan)}


def scan_crop_get(user: User, pk) -> ScanCrop:
    """A row picture, for the people who review imports (the plan's own visibility is checked by the view)."""
    if not may(user, "imports.see_scan_crop"):
        raise Http404
    try:
        return ScanCrop.objects.select_related("task").get(pk=pk)
    except (ScanCrop.DoesNotExist, ValueError):
        raise Http404 from None


def name_candidates(names, limit: int = 3) -> dict[str, list[tuple[object, int]]]:
    """For each unit name the registry does not know, its closest registry units with a similarity in %."""
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        return {}
    orgs = list(Organization.objects.exclude(kind=OrgKind.PARTNER).only("id", "name"))
    folded = [(o, fold(o.name)) for o in orgs]
    out: dict[str, list[tuple[object, int]]] = {}
    for name in names:
        key = fold(name)
        scored = []
        for org, other in folded:
            m = SequenceMatcher(None, key, other, autojunk=False)
            if m.real_quick_ratio() < 0.6 or m.quick_ratio() < 0.6:
                continue
            scored.append((round(100 * m.ratio()), org))
        scored.sort(key=lambda p: -p[0])
        out[name] = [(org, pct) for pct, org in scored[:limit] if pct >= 60]
    return out
