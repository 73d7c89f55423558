from .models import Activity, Agreement, Event


def counts() -> dict:
    return {
        "activities": Activity.objects.filter(is_archived=False).count(),
        "agreements": Agreement.objects.filter(is_archived=False).count(),
        "events": Event.objects.filter(is_archived=False).count(),
    }
