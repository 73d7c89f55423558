"""`kehoach urge --period ID [-o FILE.docx] [--json]`: the urging letter to the units that have not reported."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kehoach.documents.services import urging_letter_bytes
from kehoach.reporting.models import ReportingPeriod
from kehoach.reporting.selectors import urging_letter_data


class Command(BaseCommand):
    help = "Lập công văn đôn đốc các đơn vị chưa gửi báo cáo."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, required=True)
        parser.add_argument("-o", "--output")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        try:
            period = ReportingPeriod.objects.select_related("plan__coordinator").get(pk=opts["period"])
        except ReportingPeriod.DoesNotExist:
            raise CommandError(f"Không có kỳ báo cáo {opts['period']}") from None
        data = urging_letter_data(period)
        output = opts["output"] or f"cong-van-don-doc-ky-{period.pk}.docx"
        Path(output).write_bytes(urging_letter_bytes(period=period, actor=None))
        if opts["json"]:
            self.stdout.write(json.dumps({"period": period.pk, "file": output,
                                          "units": [{"unit": u["unit"], "tasks": [t["ref"] for t in u["tasks"]]}
                                                    for u in data["units"]]}, ensure_ascii=False))
        else:
            self.stdout.write(f"{output}: {len(data['units'])} đơn vị")
