"""Opening next year's period must not undo last year's completed tasks (their status class would turn
from "hoàn thành" to "quá hạn")."""

import datetime as dt

from kehoach.plans.choices import TaskProgress
from kehoach.plans.models import Task
from kehoach.plans.selectors import current_tasks
from kehoach.reporting import services


def test_a_completed_task_stays_completed_when_a_new_period_opens(make_plan, personas):
    plan = make_plan("000")
    done, started = list(current_tasks(plan))[:2]
    Task.objects.filter(pk=done.pk).update(progress=TaskProgress.COMPLETED, progress_percent=100,
                                           completed_on=dt.date(2026, 3, 1))
    Task.objects.filter(pk=started.pk).update(progress=TaskProgress.IN_PROGRESS, progress_percent=40)
    services.period_open_yearly(plan=plan, year=2026, actor=personas.coordinator, opens_on=dt.date(2026, 10, 1))
    done.refresh_from_db()
    assert (done.progress, done.progress_percent, done.completed_on) == (TaskProgress.COMPLETED, 100,
                                                                         dt.date(2026, 3, 1))
