from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from .files import MissingFile
from .selectors import audit_entries_for_object_or_404


def home(request):
    return redirect("plans:plan_list")


@login_not_required
def healthz(request):
    """200 when the database answers; for load balancers and uptime checks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def audit_trail(request, app_label: str, model: str, object_id: str):
    target, entries = audit_entries_for_object_or_404(request.user, app_label, model, object_id)
    return render(request, "core/audit_trail.html", {"target": target, "entries": entries[:500]})


def page_not_found(request, exception=None):
    """Vietnamese 404 page; a missing stored file says which one and what to do."""
    message = str(exception) if isinstance(exception, MissingFile) else ""
    return render(request, "404.html", {"message": message}, status=404)
