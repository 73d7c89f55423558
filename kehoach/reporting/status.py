from django.db.models import Count

from .choices import PeriodState, ReportState
from .models import ReportingPeriod, UnitReport


def counts() -> dict:
    periods = dict(ReportingPeriod.objects.values_list("state").annotate(n=Count("id")))
    reports = dict(UnitReport.objects.values_list("state").annotate(n=Count("id")))
    return {
        "reporting_periods": sum(periods.values()),
        "reporting_periods_by_state": {s: periods.get(s, 0) for s in PeriodState.values},
        "reports_by_state": {s: reports.get(s, 0) for s in ReportState.values},
    }
