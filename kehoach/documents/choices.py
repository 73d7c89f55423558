"""documents choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    CONSOLIDATED_REPORT = "consolidated_report", _("Báo cáo tổng hợp")
    UNIT_REPORT = "unit_report", _("Báo cáo của đơn vị")
    URGING_LETTER = "urging_letter", _("Công văn đôn đốc")
    PLAN_DOCX = "plan_docx", _("Kế hoạch (DOCX)")
    PLAN_XLSX = "plan_xlsx", _("Danh mục nhiệm vụ (XLSX)")
    MATRIX_XLSX = "matrix_xlsx", _("Bảng tình hình báo cáo (XLSX)")
    ACTIVITIES_XLSX = "activities_xlsx", _("Danh mục hoạt động (XLSX)")
    PLAN_JSON = "plan_json", _("Kế hoạch (JSON)")


#: The plan exports anyone who may see the plan can ask for (no reporting period needed).
PLAN_EXPORT_KINDS = (DocumentKind.PLAN_DOCX, DocumentKind.PLAN_XLSX, DocumentKind.ACTIVITIES_XLSX,
                     DocumentKind.PLAN_JSON)

#: File extension and MIME type per kind.
KIND_FILE = {
    DocumentKind.CONSOLIDATED_REPORT: ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    DocumentKind.UNIT_REPORT: ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    DocumentKind.URGING_LETTER: ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    DocumentKind.PLAN_DOCX: ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    DocumentKind.PLAN_XLSX: ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    DocumentKind.MATRIX_XLSX: ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    DocumentKind.ACTIVITIES_XLSX: ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    DocumentKind.PLAN_JSON: ("json", "application/json"),
}


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã tạo xong")
    FAILED = "failed", _("Không tạo được")


class GroupBy(models.TextChoices):
    GROUP = "group", _("Theo nhóm nhiệm vụ của kế hoạch")
    LEAD = "lead", _("Theo đơn vị chủ trì")
