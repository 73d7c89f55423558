from .choices import OrgKind
from .models import Country, Organization


def counts() -> dict:
    return {
        "units": Organization.objects.filter(kind=OrgKind.UNIT, is_active=True).count(),
        "unit_groups": Organization.objects.filter(kind=OrgKind.GROUP).count(),
        "partners": Organization.objects.filter(kind=OrgKind.PARTNER).count(),
        "countries": Country.objects.count(),
    }
