from django.db.models import Count

from .choices import BudgetStatus
from .models import BudgetLine


def counts() -> dict:
    by_status = dict(BudgetLine.objects.filter(is_archived=False).values_list("status").annotate(n=Count("id")))
    return {"budget_lines": sum(by_status.values()),
            "budget_lines_by_status": {s: by_status.get(s, 0) for s in BudgetStatus.values}}
