"""The status workbook of a plan: its current tasks grouped by status class, with deadline, extensions and
people (issue 17). Built with openpyxl here (the documents app owns the Decree 30 documents)."""

from __future__ import annotations

import io

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from .choices import AssignmentRole, TaskClass, TaskProgress
from .models import Plan, Task, TaskAssignment
from .selectors import with_class


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _d(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def status_rows(plan: Plan, today=None) -> dict[str, list[Task]]:
    """The plan's current tasks by class, in appendix order (two queries, and one per person kind joined)."""
    today = today or timezone.localdate()
    tasks = (with_class(Task.objects.filter(plan_id=plan.pk, is_current=True, is_archived=False), today)
             .select_related("leader_in_charge", "tracking_officer", "focal_point")
             .defer("search_text", "source_lines", "import_flags", "funding", "note")
             .prefetch_related(Prefetch("assignments", queryset=TaskAssignment.objects.filter(
                 role=AssignmentRole.LEAD).order_by("task_id", "position")))
             .order_by("position", "id"))
    grouped: dict[str, list[Task]] = {c: [] for c in TaskClass.values}
    for task in tasks:
        grouped[task.status_class].append(task)
    return grouped


def plan_status_xlsx(plan: Plan, today=None) -> bytes:
    """Write-only workbook (streams rows: a 20,000-task plan in seconds, not minutes)."""
    today = today or timezone.localdate()
    grouped = status_rows(plan, today)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Tình hình thực hiện")[:31])
    for col, width in zip("ABCDEFGHIJKLM", (6, 60, 30, 18, 12, 12, 9, 12, 16, 10, 20, 20, 20)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"

    def styled(value, **style):
        cell = WriteOnlyCell(ws, value=value)
        for key, val in style.items():
            setattr(cell, key, val)
        return cell

    title = _("Tình hình thực hiện nhiệm vụ theo thời hạn, tính đến ngày %(date)s") % {"date": _d(today)}
    ws.append([styled(title, font=Font(bold=True, size=13))])
    ws.append([str(plan)[:250]])
    ws.append([])
    headers = [_("TT"), _("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Thời gian thực hiện"), _("Thời hạn"),
               _("Thời hạn ban đầu"), _("Số lần gia hạn"), _("Ngày hoàn thành"), _("Tình trạng"),
               _("Nhiệm vụ trọng tâm"), _("Lãnh đạo phụ trách"), _("Chuyên viên theo dõi"),
               _("Đầu mối của đơn vị chủ trì")]
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    ws.append([styled(h, font=bold) for h in headers])
    progress = {value: str(label) for value, label in TaskProgress.choices}
    yes = _("Có")
    for value, label in TaskClass.choices:
        tasks = grouped[value]
        ws.append([styled(f"{label} ({len(tasks)})", font=bold, fill=fill),
                   *(styled("", fill=fill) for _i in headers[1:])])
        for task in tasks:
            ws.append([
                task.ref, task.title, "; ".join(a.raw_name for a in task.assignments.all()), task.timeframe_raw,
                _d(task.deadline), _d(task.original_deadline) if task.is_extended else "",
                task.extension_requests or "", _d(task.completed_on), progress.get(task.progress, task.progress),
                yes if task.is_key else "", _name(task.leader_in_charge), _name(task.tracking_officer),
                _name(task.focal_point),
            ])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
