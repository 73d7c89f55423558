"""The workdays app's rule book (``kehoach.core.rules``): the Government's adjustments to the working calendar
are entered by the installation's administrators."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kehoach.core.rules import rule


def may_edit_calendar(user) -> bool:
    return bool(user.is_superuser or user.is_staff)


rule("workdays.edit_calendar", may_edit_calendar,
     refusal=_("Chỉ quản trị hệ thống mới được điều chỉnh lịch làm việc."))
