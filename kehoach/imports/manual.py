"""The second door: a plan entered by hand or pasted from Excel/Word, read by the importer's own engine.

Reads only (forms, the grid posted by the page, facts read by a refused import); the write is
``services.plan_create_manual``, which stores a draft through the same path as an import.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.core.text import clean
from kehoach.plans.choices import PlanKind

from .parsing.grid import HEADINGS, ROLES, GridRejected, Problem, guess_roles, split_pasted, tasks_from_rows
from .parsing.model import ParsedTask
from .parsing.units import split_units

ROLE_LABELS = {
    "ref": gettext_lazy("STT"),
    "group": gettext_lazy("Nhóm nhiệm vụ"),
    "title": gettext_lazy("Nội dung nhiệm vụ"),
    "lead": gettext_lazy("Đơn vị chủ trì"),
    "coordinating": gettext_lazy("Đơn vị phối hợp"),
    "monitoring": gettext_lazy("Theo dõi, đôn đốc"),
    "products": gettext_lazy("Sản phẩm"),
    "timeframe": gettext_lazy("Thời gian thực hiện"),
    "funding": gettext_lazy("Kinh phí"),
    "note": gettext_lazy("Ghi chú"),
}
# Columns shown in the grid (the rest come in by paste or template only).
# The usual order of an appendix (what is pasted into the first cell lands right); group and monitoring last.
GRID_ROLES = ("ref", "title", "lead", "coordinating", "products", "timeframe", "monitoring", "group")
GRID_ROWS = 10
MAX_GRID_ROWS = 500
# What each flag asks the reviewer to check, and why.
FLAG_HELP = {
    "unknown_unit": gettext_lazy("Đơn vị chưa có trong danh mục: gán vào đơn vị có sẵn hoặc tạo mới khi ban hành."),
    "no_lead": gettext_lazy("Thiếu đơn vị chủ trì: không đọc được ô chủ trì, cần ghi đơn vị chịu trách nhiệm."),
    "unparsed_timeframe": gettext_lazy("Chưa hiểu thời gian: hệ thống không tính được hạn, hãy ghi lại "
                                       "(ví dụ Quý II/2026, Tháng 6/2026, Trước ngày 30/9/2026)."),
    "maybe_two_rows": gettext_lazy("Có thể gộp hai dòng: tên nhiệm vụ rất dài, hãy xem có nhiệm vụ thứ hai bên trong."),
    "no_title": gettext_lazy("Thiếu tên nhiệm vụ."),
    "not_a_unit": gettext_lazy("Ô đơn vị là một câu, không phải tên đơn vị: đã giữ vào ghi chú, cần ghi đơn vị."),
    "shared_block": gettext_lazy("Đơn vị và thời gian ghi chung cho nhiều mục: kiểm tra đã đúng cho mục này."),
}


def problem_messages(problems: list[Problem]) -> list[str]:
    """Each problem as a Vietnamese sentence naming its row and column."""
    out = []
    for p in problems:
        column = ROLE_LABELS.get(p.role, "") if p.role else ""
        where = {"row": p.row, "column": column}
        if p.code == "no_title_column":
            out.append(_("Chưa chọn cột “%(column)s”: hãy ghép một cột với nội dung nhiệm vụ.") % where)
        elif p.code == "twice":
            out.append(_("Cột “%(column)s” được chọn cho hai cột: mỗi loại chỉ ghép một cột.") % where)
        elif p.code == "no_rows":
            out.append(_("Chưa có dòng nhiệm vụ nào."))
        elif p.code == "too_many":
            out.append(_("Quá nhiều dòng: tối đa %(max)s dòng một lần.") % {"max": p.detail})
        elif p.code == "no_title":
            out.append(_("Dòng %(row)s, cột “%(column)s”: thiếu tên nhiệm vụ.") % where)
        elif p.code == "too_long":
            out.append(_("Dòng %(row)s, cột “%(column)s”: dài quá %(max)s ký tự.") % {**where, "max": p.detail})
        elif p.code == "duplicate_ref":
            out.append(_("Dòng %(row)s, cột “%(column)s”: trùng số thứ tự với dòng %(other)s trong cùng nhóm.")
                       % {**where, "other": p.detail})
        elif p.code == "extra_cells":
            out.append(_("Dòng %(row)s: có ô ngoài các cột đã ghép (dòng có %(count)s ô).")
                       % {**where, "count": p.detail})
        else:
            out.append(_("Dòng %(row)s: không đọc được.") % where)
    return out


def read_rows(rows: list[list[str]], roles: list[str | None], registry, *, first_row: int = 1) -> list[ParsedTask]:
    """Rows -> tasks with the importer's engine; a ``ValidationError`` listing every bad row otherwise."""
    try:
        return tasks_from_rows(rows, roles, registry, first_row=first_row)
    except GridRejected as exc:
        raise ValidationError(problem_messages(exc.problems)) from None


def grid_from_post(data) -> list[list[str]]:
    """The grid's cells as posted (``r-<n>-<role>``), in the grid's column order; blank rows kept out."""
    try:
        count = min(int(data.get("rows") or 0), MAX_GRID_ROWS)
    except ValueError:
        count = 0
    rows = []
    for n in range(count):
        cells = [str(data.get(f"r-{n}-{role}", "")) for role in GRID_ROLES]
        if any(clean(c) for c in cells):
            rows.append(cells)
    return rows


def grid_dicts(data) -> list[dict]:
    """The posted grid as one dict a row (blank rows left out)."""
    return [dict(zip(GRID_ROLES, cells, strict=True)) for cells in grid_from_post(data)]


def grid_cells(grid: list[dict], extra: int = 0) -> list[dict]:
    """Rows for the page: at least ``GRID_ROWS``, plus blank rows asked for; each cell (role, label, value)."""
    blank = dict.fromkeys(GRID_ROLES, "")
    rows = grid + [blank] * max(GRID_ROWS - len(grid), 0) + [blank] * min(max(extra, 0), 100)
    return [{"n": n, "cells": [(role, ROLE_LABELS[role], row.get(role, "")) for role in GRID_ROLES]}
            for n, row in enumerate(rows[:MAX_GRID_ROWS])]


def read_grid(grid: list[dict], registry) -> list[ParsedTask]:
    """The grid's rows -> tasks (its columns are known: no mapping)."""
    return read_rows([[row.get(role, "") for role in GRID_ROLES] for row in grid], list(GRID_ROLES), registry)


def rows_for_grid(tasks: list[ParsedTask]) -> list[dict]:
    """Tasks back into grid cells (pasted rows added to the grid; an import's rows to complete)."""
    return [{
        "ref": t.ref, "group": t.group or "", "title": t.title, "lead": "; ".join(t.lead),
        "coordinating": "; ".join(t.coordinating), "monitoring": "; ".join(t.monitoring),
        "products": ", ".join(t.products), "timeframe": t.timeframe.get("raw") or "",
    } for t in tasks]


def paste_rows(text: str, posted_roles: list[str] | None) -> tuple[list[list[str]], list[str | None], bool]:
    """Pasted text -> (body rows, column roles, had a header). The user's mapping wins over the guess."""
    rows = split_pasted(text)
    roles, header = guess_roles(rows)
    if posted_roles is not None and len(posted_roles) == len(roles):
        roles = [r if r in ROLES else None for r in posted_roles]
    return (rows[1:] if header else rows), roles, header


class ManualFactsForm(forms.Form):
    """The facts of a plan's document, as the importer would read them from its first page."""

    kind = forms.ChoiceField(label=gettext_lazy("Loại văn bản"), choices=PlanKind.choices, initial=PlanKind.PLAN)
    number = forms.CharField(label=gettext_lazy("Số, ký hiệu"), required=False, max_length=60)
    issued_on = forms.DateField(label=gettext_lazy("Ngày ban hành (dd/mm/yyyy)"), required=False)
    issuer = forms.CharField(label=gettext_lazy("Cơ quan ban hành"), required=False, max_length=300)
    title = forms.CharField(label=gettext_lazy("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    period_start = forms.IntegerField(label=gettext_lazy("Từ năm"), required=False, min_value=1990, max_value=2100)
    period_end = forms.IntegerField(label=gettext_lazy("Đến năm"), required=False, min_value=1990, max_value=2100)
    coordinator = forms.CharField(label=gettext_lazy("Đơn vị đầu mối theo dõi"), required=False, max_length=300)
    report_due = forms.CharField(label=gettext_lazy("Hạn báo cáo (dd/mm)"), required=False, max_length=5)
    signer = forms.CharField(label=gettext_lazy("Người ký"), required=False, max_length=120)
    signer_title = forms.CharField(label=gettext_lazy("Chức vụ người ký"), required=False, max_length=120)
    legal_bases = forms.CharField(label=gettext_lazy("Căn cứ (mỗi dòng một văn bản: số, ký hiệu ngày dd/mm/yyyy)"),
                                  required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, registry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.registry = registry

    def clean_report_due(self) -> str:
        text = clean(self.cleaned_data.get("report_due"))
        if not text:
            return ""
        m = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})", text)
        try:
            dt.date(2024, int(m[2]), int(m[1])) if m else None  # a leap year: 29/02 is a valid yearly date
        except ValueError:
            m = None
        if not m:
            raise ValidationError(_("Hạn báo cáo ghi theo dạng ngày/tháng, ví dụ 15/12."))
        return f"{int(m[2]):02d}-{int(m[1]):02d}"

    def clean_coordinator(self) -> str:
        name = clean(self.cleaned_data.get("coordinator"))
        if name and self.registry is not None and not self.registry.is_known(name):
            raise ValidationError(_("“%(name)s” không có trong danh mục đơn vị: hãy chọn một đơn vị trong danh sách.")
                                  % {"name": name})
        return self.registry.match(name) if name and self.registry is not None else name

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            self.add_error("period_end", _("Năm kết thúc phải sau năm bắt đầu."))
        return data

    def document(self) -> dict:
        """The facts in the importer's document shape, for ``plan_create_from_parsed``."""
        d = self.cleaned_data
        period = None
        if d.get("period_start") or d.get("period_end"):
            period = {"start": d.get("period_start") or d.get("period_end"),
                      "end": d.get("period_end") or d.get("period_start")}
        return {
            "kind": d["kind"], "number": d.get("number") or "", "issued_on": d["issued_on"].isoformat()
            if d.get("issued_on") else None, "issuer": d.get("issuer") or "", "title": d["title"],
            "period": period, "coordinator": d.get("coordinator") or "", "report_due": d.get("report_due") or None,
            "signer": d.get("signer") or "", "signer_title": d.get("signer_title") or "",
            "legal_bases": legal_bases(d.get("legal_bases") or ""), "format": "manual",
        }


_BASIS_DATE = re.compile(r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.IGNORECASE)
_BASIS_NUMBER = re.compile(r"(?:số\s+)?(\d+[\w/.\-–]*[A-ZĐ][\w/.\-–]*)")


def legal_bases(text: str) -> list[dict]:
    """One basis a line: its number (``12/2025/NĐ-CP``) and date when written."""
    out = []
    for line in (text or "").splitlines():
        line = clean(line)
        if not line:
            continue
        m = _BASIS_NUMBER.search(line)
        d = _BASIS_DATE.search(line)
        date = None
        if d:
            try:
                date = dt.date(int(d[3]), int(d[2]), int(d[1])).isoformat()
            except ValueError:
                date = None
        out.append({"number": m[1] if m else line[:80], "date": date})
    return out


def _iso(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None  # a fact read badly is left for the person to type, not a failure of the page


def initial_from_document(doc: dict | None) -> dict:
    """Facts an import read (a refusal's partial plan, or a thin draft) as the form's initial values."""
    doc = doc or {}
    period = doc.get("period") or {}
    due = doc.get("report_due") or ""
    issued = doc.get("issued_on") or doc.get("date")
    bases = []
    for b in doc.get("legal_bases") or []:
        date = b.get("date")
        bases.append(clean(f"{b.get('number') or ''}" + (f" ngày {_iso(date):%d/%m/%Y}" if _iso(date) else "")))
    return {k: v for k, v in {
        "kind": doc.get("kind") or PlanKind.PLAN, "number": doc.get("number") or "",
        "issued_on": _iso(issued), "issuer": doc.get("issuer") or "",
        "title": doc.get("title") or "", "period_start": period.get("start"), "period_end": period.get("end"),
        "coordinator": doc.get("coordinator") or "", "signer": doc.get("signer") or "",
        "signer_title": doc.get("signer_title") or "",
        "report_due": f"{due[3:5]}/{due[0:2]}" if re.fullmatch(r"\d\d-\d\d", due) else "",
        "legal_bases": "\n".join(bases),
    }.items() if v not in (None, "")}


def template_headings() -> list[str]:
    return [HEADINGS[r] for r in ROLES]


def review_flags(task) -> list[tuple[str, str]]:
    """What to check on a draft row and why, as it stands now: a name since mapped to a unit, or a timeframe
    since rewritten, no longer asks for a look (the assignments are prefetched)."""
    flags = [f for f in task.import_flags if f not in ("unknown_unit", "unparsed_timeframe", "no_lead")]
    assignments = list(task.assignments.all())
    if any(a.organization_id is None for a in assignments):
        flags.insert(0, "unknown_unit")
    if not any(a.role == "lead" for a in assignments) and "not_a_unit" not in flags:
        flags.insert(0, "no_lead")
    if task.timeframe_raw and task.timeframe_kind == "other":
        flags.append("unparsed_timeframe")
    return [(f, str(FLAG_HELP.get(f, f))) for f in flags]


def review_order(tasks) -> list:
    """Rows needing most checks first (then in the appendix's order); rows set aside last."""
    tasks = list(tasks)
    for task in tasks:
        task.flag_help = review_flags(task)
    return sorted(tasks, key=lambda t: (t.is_archived, -len(t.flag_help), t.position))


def resplit_units(data: dict, registry) -> dict:
    """A correction's unit cells read as the importer reads a cell (``Cục A, Cục B`` is two units; a comma
    inside a registry name is not a separator), one name a line for ``task_correct``."""
    out = dict(data)
    for key in ("lead", "coordinating"):
        if key in out:
            names = [n for line in str(out[key] or "").splitlines() for n in split_units(line, registry)]
            out[key] = "\n".join(names)
    return out
