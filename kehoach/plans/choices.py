from django.db import models
from django.utils.translation import gettext_lazy as _

from kehoach.core.text import fold


class PlanKind(models.TextChoices):
    DECISION_WITH_PLAN = "decision_with_plan", _("Quyết định ban hành Kế hoạch")
    PLAN = "plan", _("Kế hoạch")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã ban hành")
    ARCHIVED = "archived", _("Lưu trữ")


class TimeframeKind(models.TextChoices):
    CONTINUOUS = "continuous", _("Thường xuyên")
    ANNUAL = "annual", _("Hàng năm")
    QUARTERLY = "quarterly", _("Hàng quý")
    YEAR = "year", _("Trong năm")
    RANGE = "range", _("Giai đoạn")
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("Sáu tháng")
    DEADLINE = "deadline", _("Hạn hoàn thành")
    AS_PLANNED = "as_planned", _("Theo kế hoạch đề ra")
    OTHER = "other", _("Khác")


# Kinds without dates recur or are open-ended: they are owed in every period.
UNDATED_KINDS = {
    TimeframeKind.CONTINUOUS, TimeframeKind.ANNUAL, TimeframeKind.QUARTERLY,
    TimeframeKind.AS_PLANNED, TimeframeKind.OTHER,
}


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")
    # Named to follow up and urge (``Theo dõi, kiểm tra, đôn đốc``): it watches the task, it does not report on it.
    MONITORING = "monitoring", _("Theo dõi, đôn đốc")


class TaskProgress(models.TextChoices):
    """A task's progress as last confirmed by the coordinator (reporting keeps it current)."""

    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang triển khai")
    COMPLETED = "completed", _("Hoàn thành")
    LATE = "late", _("Chậm tiến độ")
    ADJUSTMENT = "adjustment", _("Đề nghị điều chỉnh")


class TaskClass(models.TextChoices):
    """The classes the Government Office counts tasks in; computed from deadline, completion and today."""

    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    IN_TIME = "in_time", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Quá hạn")
    NOT_DUE = "not_due", _("Chưa đến hạn")
    NO_DEADLINE = "no_deadline", _("Không có thời hạn cụ thể")


class ExtensionApprover(models.TextChoices):
    """Who decides a plan's deadline extensions."""

    LEADER = "leader", _("Lãnh đạo phụ trách")
    MINISTER = "minister", _("Bộ trưởng")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã chấp thuận")
    REFUSED = "refused", _("Không chấp thuận")
    WITHDRAWN = "withdrawn", _("Đã rút")


class VersionSource(models.TextChoices):
    IMPORT = "import", _("Nhập từ văn bản")
    AMENDMENT = "amendment", _("Điều chỉnh được phê duyệt")
    MANUAL = "manual", _("Nhập tay")


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("Ngân sách nhà nước")
    SPONSORSHIP = "sponsorship", _("Tài trợ của đối tác")
    RETAINED = "retained", _("Nguồn thu để lại của đơn vị")
    SOCIALISED = "socialised", _("Xã hội hóa")
    COUNTERPART = "counterpart", _("Vốn đối ứng")
    OTHER = "other", _("Nguồn khác")


# Words in a plan's funding column → the sources they mean (used to classify imported activities).
FUNDING_KEYWORDS = [
    ("ngan sach", FundingSource.STATE_BUDGET),
    ("tai tro", FundingSource.SPONSORSHIP),
    ("ho tro cua", FundingSource.SPONSORSHIP),
    ("ho tro chuyen mon", FundingSource.SPONSORSHIP),
    ("nguon thu de lai", FundingSource.RETAINED),
    ("xa hoi hoa", FundingSource.SOCIALISED),
    ("doi ung", FundingSource.COUNTERPART),
]


def funding_sources_in(text: str) -> list[str]:
    """The funding sources a free-text funding cell names, in a fixed order, without duplicates."""
    folded = fold(text or "")
    found = {source for words, source in FUNDING_KEYWORDS if words in folded}
    return [s for s in FundingSource.values if s in found]
