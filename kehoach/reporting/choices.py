"""Statuses of the reporting cycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    YEARLY = "yearly", _("Định kỳ hằng năm")
    AD_HOC = "ad_hoc", _("Đột xuất (khi có yêu cầu)")


class ReportRegime(models.TextChoices):
    """The kinds of report Decree 09/2019/NĐ-CP names."""

    PERIODIC = "periodic", _("Định kỳ")
    THEMATIC = "thematic", _("Chuyên đề")
    AD_HOC = "ad_hoc", _("Đột xuất")


class PeriodFrequency(models.TextChoices):
    """How often a periodic report recurs; sets its data window (Decree 09, art. 12)."""

    YEARLY = "yearly", _("Hằng năm")
    HALF_YEAR = "half_year", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    QUARTER = "quarter", _("Hằng quý")
    MONTHLY = "monthly", _("Hằng tháng")


class SendingMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("Văn bản điện tử")
    PAPER = "paper", _("Văn bản giấy")
    BOTH = "both", _("Văn bản giấy và điện tử")
    SYSTEM = "system", _("Hệ thống thông tin báo cáo")


class PeriodState(models.TextChoices):
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    APPROVED = "approved", _("Lãnh đạo đơn vị đã duyệt, chờ gửi")
    SUBMITTED = "submitted", _("Đã gửi")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Trả lại để hoàn thiện")


# States in which the unit may still edit its report.
EDITABLE_STATES = {ReportState.DRAFT, ReportState.RETURNED, ReportState.APPROVED}
# States the coordinator and leadership may read (the unit has sent it at least once).
SENT_STATES = {ReportState.SUBMITTED, ReportState.ACCEPTED}


class EntryStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang triển khai")
    COMPLETED = "completed", _("Hoàn thành")
    LATE = "late", _("Chậm tiến độ")
    ADJUSTMENT = "adjustment", _("Đề nghị điều chỉnh")


class ObligationRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì báo cáo")
    COORDINATING = "coordinating", _("Phối hợp cung cấp thông tin")


class ReminderStep(models.TextChoices):
    BEFORE = "before", _("Trước hạn")
    DUE = "due", _("Đến hạn")
    LATE = "late", _("Quá hạn")


class ProgressRule(models.TextChoices):
    """How a task led by several units (a group such as "Các đơn vị thuộc Bộ") rolls up for a period."""

    MEAN = "mean", _("Trung bình các đơn vị được giao (chưa báo cáo tính 0%)")
    ALL_UNITS = "all_units", _("Theo số đơn vị đã hoàn thành")
    LEAD_ONLY = "lead_only", _("Chỉ đơn vị chủ trì được nêu tên")
