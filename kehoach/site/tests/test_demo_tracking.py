import io

from django.utils import timezone

from kehoach.plans.choices import TaskClass
from kehoach.plans.models import Task
from kehoach.plans.selectors import class_counts
from kehoach.site.demo_tracking import populate_tracking


def test_the_demo_shows_every_status_class_once_at_least(make_plan, personas):
    plan = make_plan("000")
    today = timezone.localdate()
    populate_tracking(stdout=io.StringIO(), plans=[plan], today=today)
    counts = class_counts(Task.objects.filter(plan=plan, is_current=True, is_archived=False), today)
    assert all(counts[c] >= 1 for c in TaskClass.values), counts
    extended = Task.objects.get(plan=plan, deadline_extended__isnull=False)
    assert extended.task_class == TaskClass.DONE_ON_TIME and extended.extensions.get().state == "approved"
    populate_tracking(stdout=io.StringIO(), plans=[plan], today=today)  # a second run changes nothing
    assert Task.objects.filter(plan=plan, deadline_extended__isnull=False).count() == 1
