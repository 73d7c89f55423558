from django.http import Http404

from kehoach.core.permissions import is_manager

from .models import ImportJob


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
