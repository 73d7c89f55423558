"""`kehoach report consolidated --plan ID [--period ID] [--group-by group|lead] -o FILE.docx` and
`kehoach report unit --period ID --unit ID -o FILE.docx`: the same stored documents as the web pages."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kehoach.documents.choices import DocumentStatus, GroupBy
from kehoach.documents.services import consolidated_request, document_generate
from kehoach.plans.models import Plan


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
        if which == "unit":
            raise CommandError("Báo cáo của đơn vị cần phân hệ kỳ báo cáo (reporting), chưa có trong bản này.")
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch số {options['plan']}.")
        if options["period"] is not None:
            raise CommandError(f"Không có kỳ báo cáo số {options['period']} của kế hoạch này.")
        document = consolidated_request(actor=None, plan=plan, grouping=options["group_by"], enqueue=False)
        document = document_generate(document_id=document.pk)
        if document.status != DocumentStatus.DONE:
            raise CommandError(document.message or "Không tạo được báo cáo.")
        with document.file.open("rb") as fh:
            data = fh.read()
        Path(output).write_bytes(data)
        self.stderr.write(f"{output}: {len(data)} bytes ({document.get_kind_display()}, lần {document.version})")
