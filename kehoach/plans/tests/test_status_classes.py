"""Status classes at their boundaries, the database annotation agreeing with the Python rule, and lists
filtering and counting by class in a constant number of queries."""

import datetime as dt

import pytest

from kehoach.plans.choices import TaskClass, TaskProgress
from kehoach.plans.models import Task
from kehoach.plans.selectors import TaskFilters, class_counts, current_tasks, task_list, with_class
from kehoach.plans.status_classes import task_class

TODAY = dt.date(2026, 12, 1)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


def judge(deadline, *, completed_on=None, started=False):
    return task_class(deadline=deadline, completed=completed_on is not None, completed_on=completed_on,
                      started=started, today=TODAY)


def test_boundaries():
    # Due today, not done: still within the deadline (the day itself counts).
    assert judge(TODAY, started=True) == TaskClass.IN_TIME
    assert judge(TODAY) == TaskClass.NOT_DUE
    # Due yesterday, not done: overdue, started or not.
    assert judge(YESTERDAY, started=True) == TaskClass.OVERDUE
    assert judge(YESTERDAY) == TaskClass.OVERDUE
    # Completed on the due date: on time; a day later: late.
    assert judge(YESTERDAY, completed_on=YESTERDAY) == TaskClass.DONE_ON_TIME
    assert judge(YESTERDAY, completed_on=TODAY) == TaskClass.DONE_LATE
    # No fixed deadline: its own class while open; done, it cannot be late.
    assert judge(None, started=True) == TaskClass.NO_DEADLINE
    assert judge(None, completed_on=TODAY) == TaskClass.DONE_ON_TIME
    assert judge(TOMORROW, started=True) == TaskClass.IN_TIME


@pytest.fixture
def plan(make_plan):
    return make_plan("000")


def _set(task, **fields):
    for k, v in fields.items():
        setattr(task, k, v)
    task.save()
    return task


@pytest.mark.django_db
def test_completed_after_an_approved_extension_counts_on_time(plan):
    task = plan.tasks.filter(timeframe_end__isnull=False).first()
    _set(task, timeframe_end=dt.date(2026, 9, 30), timeframe_start=None, deadline_extended=dt.date(2026, 11, 30),
         progress=TaskProgress.COMPLETED, completed_on=dt.date(2026, 11, 15))
    assert task.is_extended and task.original_deadline == dt.date(2026, 9, 30)
    assert task.task_class == TaskClass.DONE_ON_TIME
    annotated = with_class(Task.objects.filter(pk=task.pk), TODAY).get()
    assert annotated.status_class == TaskClass.DONE_ON_TIME
    # Without the extension the same completion is late.
    _set(task, deadline_extended=None)
    assert with_class(Task.objects.filter(pk=task.pk), TODAY).get().status_class == TaskClass.DONE_LATE


@pytest.mark.django_db
def test_completion_date_follows_the_progress(plan):
    task = plan.tasks.first()
    task.progress = TaskProgress.COMPLETED
    task.save(update_fields=["progress"])
    task.refresh_from_db()
    assert task.completed_on is not None
    task.progress = TaskProgress.IN_PROGRESS
    task.save(update_fields=["progress"])
    task.refresh_from_db()
    assert task.completed_on is None


CASES = [  # (deadline fields, progress, completed_on, expected)
    ({"timeframe_end": TODAY}, TaskProgress.IN_PROGRESS, None, TaskClass.IN_TIME),
    ({"timeframe_end": TODAY}, TaskProgress.NOT_STARTED, None, TaskClass.NOT_DUE),
    ({"timeframe_end": YESTERDAY}, TaskProgress.IN_PROGRESS, None, TaskClass.OVERDUE),
    ({"timeframe_end": YESTERDAY}, TaskProgress.COMPLETED, YESTERDAY, TaskClass.DONE_ON_TIME),
    ({"timeframe_end": YESTERDAY}, TaskProgress.COMPLETED, TODAY, TaskClass.DONE_LATE),
    ({"timeframe_end": YESTERDAY, "deadline_extended": TOMORROW}, TaskProgress.IN_PROGRESS, None, TaskClass.IN_TIME),
    ({"timeframe_end": None, "deadline_set": YESTERDAY}, TaskProgress.LATE, None, TaskClass.OVERDUE),
    ({"timeframe_end": None}, TaskProgress.IN_PROGRESS, None, TaskClass.NO_DEADLINE),
    ({"timeframe_end": None}, TaskProgress.COMPLETED, TODAY, TaskClass.DONE_ON_TIME),
]


@pytest.mark.django_db
def test_the_database_agrees_with_the_rule_and_lists_filter_by_class(plan):
    tasks = list(plan.tasks.order_by("position")[:len(CASES)])
    for task, (deadline, progress, completed_on, _expected) in zip(tasks, CASES):
        _set(task, **{"timeframe_start": None, "deadline_set": None, "deadline_extended": None, **deadline},
             progress=progress, completed_on=completed_on)
    annotated = {t.pk: t.status_class for t in with_class(Task.objects.filter(pk__in=[t.pk for t in tasks]), TODAY)}
    for task, case in zip(tasks, CASES):
        python = task_class(deadline=task.deadline, completed=task.progress == TaskProgress.COMPLETED,
                            completed_on=task.completed_on, started=task.progress != TaskProgress.NOT_STARTED,
                            today=TODAY)
        assert python == annotated[task.pk] == case[3], case
    overdue = current_tasks(plan, TaskFilters(task_class=TaskClass.OVERDUE, today=TODAY))
    assert {t.pk for t in overdue} >= {tasks[2].pk, tasks[6].pk}


@pytest.mark.django_db
def test_counts_by_class_match_a_hand_count(plan, personas):
    Task.objects.filter(plan=plan).update(timeframe_start=None, timeframe_end=None, progress="not_started",
                                          completed_on=None)
    tasks = list(plan.tasks.order_by("position"))
    # Hand count: 3 overdue, 2 done late, 1 done on time, 4 not due; the rest (29 - 10 = 19) have no deadline.
    for t in tasks[:3]:
        _set(t, timeframe_end=YESTERDAY, progress=TaskProgress.IN_PROGRESS)
    for t in tasks[3:5]:
        _set(t, timeframe_end=YESTERDAY, progress=TaskProgress.COMPLETED, completed_on=TODAY)
    _set(tasks[5], timeframe_end=TOMORROW, progress=TaskProgress.COMPLETED, completed_on=TODAY)
    for t in tasks[6:10]:
        _set(t, timeframe_end=TOMORROW)
    counts = class_counts(plan.tasks.filter(is_current=True), TODAY)
    assert counts == {"done_on_time": 1, "done_late": 2, "in_time": 0, "overdue": 3, "not_due": 4,
                      "no_deadline": len(tasks) - 10}
    listed = task_list(personas.coordinator, TaskFilters(task_class="not_due", today=TODAY))
    assert sorted(t.pk for t in listed) == sorted(t.pk for t in tasks[6:10])


@pytest.mark.django_db
def test_list_queries_stay_constant_as_tasks_grow(make_plan, personas, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.coordinator)
    make_plan("000")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/plans/tasks/", {"task_class": "no_deadline"}).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    make_plan("001")
    assert count() == small
