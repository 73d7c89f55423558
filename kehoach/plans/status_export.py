"""The status workbook of a plan: its current tasks grouped by status class, with deadline, extensions and
people (issue 17). Built with openpyxl here (the documents app owns the Decree 30 documents)."""

from __future__ import annotations

import io

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .choices import AssignmentRole, TaskClass
from .models import Plan, Task, TaskAssignment
from .selectors import with_class


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _d(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def status_rows(plan: Plan, today=None) -> dict[str, list[Task]]:
    """The plan's current tasks by class, in appendix order (three queries)."""
    today = today or timezone.localdate()
    tasks = (with_class(Task.objects.filter(plan_id=plan.pk, is_current=True, is_archived=False), today)
             .select_related("leader_in_charge", "tracking_officer", "focal_point")
             .annotate(extension_count=Count("extensions", distinct=True))
             .prefetch_related(Prefetch("assignments", queryset=TaskAssignment.objects.filter(
                 role=AssignmentRole.LEAD).order_by("task_id", "position")))
             .order_by("position", "id"))
    grouped: dict[str, list[Task]] = {c: [] for c in TaskClass.values}
    for task in tasks:
        grouped[task.status_class].append(task)
    return grouped


def plan_status_xlsx(plan: Plan, today=None) -> bytes:
    today = today or timezone.localdate()
    grouped = status_rows(plan, today)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Tình hình thực hiện")[:31]
    ws.append([_("Tình hình thực hiện nhiệm vụ theo thời hạn, tính đến ngày %(date)s") % {"date": _d(today)}])
    ws.append([str(plan)[:250]])
    ws["A1"].font = Font(bold=True, size=13)
    headers = [_("TT"), _("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Thời gian thực hiện"), _("Thời hạn"),
               _("Thời hạn ban đầu"), _("Số lần gia hạn"), _("Ngày hoàn thành"), _("Tình trạng"),
               _("Nhiệm vụ trọng tâm"), _("Lãnh đạo phụ trách"), _("Chuyên viên theo dõi"),
               _("Đầu mối của đơn vị chủ trì")]
    ws.append([])
    ws.append(headers)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    fill = PatternFill("solid", fgColor="DDE7F0")
    for value, label in TaskClass.choices:
        rows = grouped[value]
        ws.append([f"{label} ({len(rows)})"])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for col in range(1, len(headers) + 1):
            ws.cell(ws.max_row, col).fill = fill
        for task in rows:
            ws.append([
                task.ref, task.title, "; ".join(a.raw_name for a in task.assignments.all()), task.timeframe_raw,
                _d(task.deadline), _d(task.original_deadline) if task.is_extended else "", task.extension_count or "",
                _d(task.completed_on), task.get_progress_display(), _("Có") if task.is_key else "",
                _name(task.leader_in_charge), _name(task.tracking_officer), _name(task.focal_point),
            ])
            ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGHIJKLM", (6, 60, 30, 18, 12, 12, 9, 12, 16, 10, 20, 20, 20)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
