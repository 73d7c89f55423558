from kehoach.organizations.models import Organization

from .models import Activity, Agreement, Event


def counts() -> dict:
    return {
        "partners": Organization.objects.filter(kind="partner").count(),
        "activities": Activity.objects.filter(is_archived=False).count(),
        "agreements": Agreement.objects.filter(is_archived=False).count(),
        "events": Event.objects.filter(is_archived=False).count(),
    }
