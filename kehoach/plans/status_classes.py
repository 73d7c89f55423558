"""A task's status class (hoàn thành đúng hạn, quá hạn…), computed, never typed.

One rule, written twice on purpose: ``task_class`` for one task in Python, ``class_annotation`` as SQL so
lists filter and count by class in the database. ``tests/test_status_classes.py`` holds them to each other.

- Completed: on time when completed on or before the deadline in force (an approved extension counts);
  a task without a fixed deadline cannot be late. An unknown completion date counts as on time.
- Not completed, no fixed deadline (``Thường xuyên``, ``Hằng năm``…): its own class, judged per period.
- Not completed, deadline passed (the deadline day itself is still within it): overdue.
- Not completed, within the deadline: in progress if work has started (any progress but "not started"),
  else not yet due.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Coalesce

from .choices import TaskClass, TaskProgress


def task_class(*, deadline: dt.date | None, completed: bool, completed_on: dt.date | None, started: bool,
               today: dt.date) -> str:
    if completed:
        if deadline is None or completed_on is None or completed_on <= deadline:
            return TaskClass.DONE_ON_TIME
        return TaskClass.DONE_LATE
    if deadline is None:
        return TaskClass.NO_DEADLINE
    if today > deadline:
        return TaskClass.OVERDUE
    return TaskClass.IN_TIME if started else TaskClass.NOT_DUE


def deadline_expression(prefix: str = ""):
    """The deadline in force, as SQL (see ``Task.deadline``); ``prefix`` reaches the task through a relation
    (``"task__"`` from an assignment)."""
    return Coalesce(F(prefix + "deadline_extended"), F(prefix + "deadline_set"), F(prefix + "timeframe_end"))


def class_annotation(today: dt.date, prefix: str = "") -> Case:
    """``task_class`` as a CASE over the task's own columns (no join): annotate as ``status_class``."""

    def q(**lookups) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    undated = q(deadline_extended__isnull=True, deadline_set__isnull=True, timeframe_end__isnull=True)
    completed = q(progress=TaskProgress.COMPLETED)
    passed = (q(deadline_extended__lt=today) | q(deadline_extended__isnull=True, deadline_set__lt=today)
              | q(deadline_extended__isnull=True, deadline_set__isnull=True, timeframe_end__lt=today))
    return Case(
        When(completed & (q(completed_on__isnull=True) | undated), then=Value(TaskClass.DONE_ON_TIME.value)),
        When(completed & q(completed_on__lte=deadline_expression(prefix)), then=Value(TaskClass.DONE_ON_TIME.value)),
        When(completed, then=Value(TaskClass.DONE_LATE.value)),
        When(undated, then=Value(TaskClass.NO_DEADLINE.value)),
        When(passed, then=Value(TaskClass.OVERDUE.value)),
        When(~q(progress=TaskProgress.NOT_STARTED), then=Value(TaskClass.IN_TIME.value)),
        default=Value(TaskClass.NOT_DUE.value),
        output_field=CharField(),
    )
