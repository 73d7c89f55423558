"""`kehoach export PLAN_ID --format xlsx|json|docx -o FILE`: a plan's export, stored and written to FILE."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kehoach.documents.choices import DocumentKind, DocumentStatus
from kehoach.documents.services import document_generate_now
from kehoach.plans.models import Plan

FORMATS = {"docx": DocumentKind.PLAN_DOCX, "xlsx": DocumentKind.PLAN_XLSX, "json": DocumentKind.PLAN_JSON,
           "activities": DocumentKind.ACTIVITIES_XLSX}


class Command(BaseCommand):
    help = "Xuất một kế hoạch ra DOCX (văn bản), XLSX (danh mục nhiệm vụ) hoặc JSON."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", choices=sorted(FORMATS), default="xlsx",
                            help="docx | xlsx | json | activities (danh mục hoạt động, XLSX)")
        parser.add_argument("-o", "--output", required=True, help="tệp ghi ra ('-' để in ra màn hình)")

    def handle(self, *args, plan_id: int, format: str, output: str, **options):
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch số {plan_id}.")
        document = document_generate_now(actor=None, plan=plan, kind=FORMATS[format])
        if document.status != DocumentStatus.DONE:
            raise CommandError(document.message or "Không tạo được tệp.")
        with document.file.open("rb") as fh:
            data = fh.read()
        if output == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else self.stdout.write(
                data.decode("utf-8", "replace"))
            return
        Path(output).write_bytes(data)
        self.stderr.write(f"{output}: {len(data)} bytes ({document.get_kind_display()}, lần {document.version})")
