"""The public plan as open data: CSV, XLSX and JSON built from the same public rows the page shows."""

from __future__ import annotations

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kehoach.plans.choices import TaskProgress
from kehoach.plans.models import Plan


def _columns() -> list[tuple[str, str]]:
    return [
        ("group", _("Nhóm nhiệm vụ")), ("ref", _("Số thứ tự")), ("title", _("Nhiệm vụ")),
        ("leads", _("Đơn vị chủ trì")), ("timeframe", _("Thời gian thực hiện")), ("status", _("Tình trạng")),
        ("percent", _("% hoàn thành")), ("summary", _("Kết quả công khai")), ("summary_at", _("Cập nhật lúc")),
    ]


def _cells(row: dict) -> dict:
    labels = dict(TaskProgress.choices)
    return {
        "group": row["group"], "ref": row["ref"], "title": row["title"], "leads": "; ".join(row["leads"]),
        "timeframe": row["timeframe"], "status": str(labels.get(row["progress"], row["progress"])),
        "percent": row["percent"], "summary": row["summary"],
        "summary_at": row["summary_at"].strftime("%d/%m/%Y") if row["summary_at"] else "",
    }


def plan_csv(data: dict) -> bytes:
    out = io.StringIO()
    columns = _columns()
    writer = csv.writer(out)
    writer.writerow([label for _key, label in columns])
    for row in data["tasks"]:
        cells = _cells(row)
        writer.writerow([cells[key] for key, _label in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens Vietnamese CSV right


def plan_xlsx(plan: Plan, data: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tiến độ")[:31]
    columns = _columns()
    sheet.append([label for _key, label in columns])
    for row in data["tasks"]:
        cells = _cells(row)
        sheet.append([cells[key] for key, _label in columns])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plan_json(plan: Plan, data: dict) -> bytes:
    doc = {
        "plan": {"id": plan.pk, "number": plan.number, "title": plan.full_title,
                 "issued_on": plan.issued_on, "issuer": plan.issuer_name or (plan.issuer.name if plan.issuer else ""),
                 "period": {"start": plan.period_start, "end": plan.period_end}},
        "total": data["total"],
        "tasks": [{"group": r["group"], "ref": r["ref"], "title": r["title"], "lead_units": r["leads"],
                   "timeframe": {"text": r["timeframe"], "start": r["start"], "end": r["end"]},
                   "status": r["progress"], "percent": r["percent"],
                   "public_summary": r["summary"], "updated_at": r["summary_at"]} for r in data["tasks"]],
    }
    return json.dumps(doc, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")
