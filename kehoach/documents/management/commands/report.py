"""`kehoach report consolidated --plan ID [--period ID] [--group-by group|lead] -o FILE.docx` and
`kehoach report unit --period ID --unit ID -o FILE.docx`: the same stored documents as the web pages."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kehoach.documents.choices import DocumentKind, DocumentStatus, GroupBy
from kehoach.documents.services import consolidated_request, document_generate, period_document_request
from kehoach.organizations.models import Organization
from kehoach.plans.models import Plan
from kehoach.reporting.models import ReportingPeriod


class Command(BaseCommand):
    help = "Tạo báo cáo tổng hợp (hoặc báo cáo của một đơn vị) theo thể thức Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="which", required=True)
        cons = sub.add_parser("consolidated", help="báo cáo tổng hợp của đơn vị đầu mối")
        cons.add_argument("--plan", type=int, required=True)
        cons.add_argument("--period", type=int, default=None, help="kỳ báo cáo (mặc định: tình hình đến hôm nay)")
        cons.add_argument("--group-by", choices=GroupBy.values, default=None,
                          help="group: theo nhóm nhiệm vụ; lead: theo đơn vị chủ trì")
        cons.add_argument("-o", "--output", required=True)
        unit = sub.add_parser("unit", help="báo cáo của một đơn vị trong một kỳ")
        unit.add_argument("--period", type=int, required=True)
        unit.add_argument("--unit", type=int, required=True)
        unit.add_argument("-o", "--output", required=True)

    def handle(self, *args, which: str, output: str, **options):
        period = None
        if options.get("period") is not None:
            period = ReportingPeriod.objects.select_related("plan").filter(pk=options["period"]).first()
            if period is None:
                raise CommandError(f"Không có kỳ báo cáo số {options['period']}.")
        if which == "unit":
            unit = Organization.objects.filter(pk=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị số {options['unit']}.")
            if not period.obligations.filter(unit=unit).exists():
                raise CommandError(f"Đơn vị “{unit.name}” không có nhiệm vụ phải báo cáo trong kỳ {period.label}.")
            document = period_document_request(actor=None, period=period, kind=DocumentKind.UNIT_REPORT, unit=unit,
                                               enqueue=False)
        else:
            plan = Plan.objects.filter(pk=options["plan"]).first()
            if plan is None:
                raise CommandError(f"Không có kế hoạch số {options['plan']}.")
            if period is not None and period.plan_id != plan.pk:
                raise CommandError(f"Kỳ báo cáo số {period.pk} không thuộc kế hoạch số {plan.pk}.")
            document = consolidated_request(actor=None, plan=plan, period_id=period.pk if period else None,
                                            grouping=options["group_by"], enqueue=False)
        document = document_generate(document_id=document.pk)
        if document.status != DocumentStatus.DONE:
            raise CommandError(document.message or "Không tạo được báo cáo.")
        with document.file.open("rb") as fh:
            data = fh.read()
        Path(output).write_bytes(data)
        self.stderr.write(f"{output}: {len(data)} bytes ({document.get_kind_display()}, lần {document.version})")
