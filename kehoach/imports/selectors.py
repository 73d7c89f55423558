from difflib import SequenceMatcher

from django.http import Http404

from kehoach.core.permissions import is_manager
from kehoach.core.text import fold
from kehoach.organizations.choices import OrgKind
from kehoach.organizations.models import Organization

from .models import ImportJob, ScanCrop


def import_job_get(user, pk) -> ImportJob:
    """Import jobs belong to the people who run plans."""
    if not is_manager(user):
        raise Http404
    try:
        return ImportJob.objects.select_related("plan").get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError):
        raise Http404 from None


def recent_jobs(user, limit: int = 20):
    if not is_manager(user):
        return ImportJob.objects.none()
    return ImportJob.objects.select_related("plan", "created_by")[:limit]


def scan_crops_for(plan) -> dict[int, ScanCrop]:
    """The scanned row pictures of a draft's tasks, by task id (one query)."""
    return {c.task_id: c for c in ScanCrop.objects.filter(task__plan=plan)}


def scan_crop_get(user, pk) -> ScanCrop:
    """A row picture, for the people who review imports (the plan's own visibility is checked by the view)."""
    if not is_manager(user):
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
