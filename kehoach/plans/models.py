"""Plans a ministry issues, their versions, and the tasks of each version."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel
from kehoach.core.text import clean, fold, name_key

from .choices import (
    UNDATED_KINDS,
    AssignmentRole,
    ExtensionApprover,
    ExtensionState,
    PlanKind,
    PlanStatus,
    TaskProgress,
    TimeframeKind,
    VersionSource,
)
from .status_classes import task_class

# Where undated tasks sort among deadlines: after every real date.
UNDATED_SORT_DATE = datetime.date(9999, 12, 31)


def plan_source_path(instance: Plan, filename: str) -> str:
    return f"plans/sources/{uuid.uuid4().hex}/{filename}"


def task_document_path(instance: Task, filename: str) -> str:
    return f"plans/assigning/{uuid.uuid4().hex}/{filename}"


class Plan(TimeStampedModel):
    """A signed plan (Kế hoạch), possibly issued by a Decision (Quyết định), whose appendix lists tasks."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=PlanKind.choices, default=PlanKind.PLAN)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.ForeignKey("organizations.Organization", verbose_name=_("cơ quan ban hành"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="issued_plans")
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=300, blank=True)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    title = models.TextField(_("trích yếu"))
    period_start = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    coordinator = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị đầu mối theo dõi"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="coordinated_plans")
    finance_unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị thẩm định kinh phí"),
                                     null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=12, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT, db_index=True)
    current_version = models.ForeignKey("PlanVersion", verbose_name=_("phiên bản hiện hành"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    source_file = models.FileField(_("tệp gốc"), upload_to=plan_source_path, blank=True)
    source_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    source_format = models.CharField(_("định dạng"), max_length=10, blank=True)
    import_warnings = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    published_at = models.DateTimeField(_("ngày đưa vào theo dõi"), null=True, blank=True)
    archived_at = models.DateTimeField(_("ngày lưu trữ"), null=True, blank=True)
    # Set by leadership (plans.services.plan_make_public): the plan's progress is shown on /cong-khai/.
    public_at = models.DateTimeField(_("công khai từ"), null=True, blank=True, db_index=True)
    # Part of the key of every figure cached for the plan (plans.cache): the services that change its tasks,
    # progress, deadlines, periods or obligations add one, so every process sees the change at once (a
    # per-process cache cannot be cleared from another process).
    data_version = models.PositiveIntegerField(default=0, editable=False)
    replaces = models.ForeignKey("self", verbose_name=_("thay thế bản"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="replaced_by",
                                 help_text=_("Bản nháp nhập lại của một kế hoạch đã ban hành"))
    extension_approver = models.CharField(_("người duyệt gia hạn"), max_length=12,
                                          choices=ExtensionApprover.choices, default=ExtensionApprover.LEADER)
    # Not a field: plan_publish leaves the routing gaps it found here for the view to show.
    assignment_gaps: list[str]

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="plan_period_ordered",
                condition=models.Q(period_start__isnull=True) | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
            )
        ]

    def __str__(self) -> str:
        title = self.full_title if len(self.full_title) <= 140 else self.full_title[:139] + "…"
        return f"{self.number} — {title}" if self.number else title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.period_start and self.period_end and self.period_start != self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")

    @property
    def full_title(self) -> str:
        return f"Kế hoạch {self.title}" if not self.title.lower().startswith("kế hoạch") else self.title


class LegalBasis(models.Model):
    """A document a plan cites under `Căn cứ`."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases")
    number = models.CharField(_("số, ký hiệu"), max_length=80)
    date = models.DateField(_("ngày"), null=True, blank=True)
    text = models.TextField(_("trích dẫn"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.number


class ReportingDeadline(models.Model):
    """A yearly date by which units report on the plan (`trước ngày 30 tháng 11 hàng năm`)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_deadlines")
    month = models.PositiveSmallIntegerField(_("tháng"))
    day = models.PositiveSmallIntegerField(_("ngày"))
    text = models.CharField(_("câu trong văn bản"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hạn báo cáo hằng năm")
        verbose_name_plural = _("hạn báo cáo hằng năm")
        ordering = ["month", "day"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month", "day"], name="one_deadline_per_date"),
            models.CheckConstraint(name="deadline_month_valid", condition=models.Q(month__gte=1, month__lte=12)),
            models.CheckConstraint(name="deadline_day_valid", condition=models.Q(day__gte=1, day__lte=31)),
        ]

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}"


class PlanVersion(models.Model):
    """One version of a plan's task list. Version 1 comes from the signed text; each approved
    amendment makes the next. Reports stay attached to the task rows of the version they described."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    source = models.CharField(_("nguồn"), max_length=12, choices=VersionSource.choices, default=VersionSource.IMPORT)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("phiên bản kế hoạch")
        verbose_name_plural = _("phiên bản kế hoạch")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan} — v{self.number}"


class Product(models.Model):
    """A kind of product a task promises (Báo cáo, Đề án, Sự kiện…): a controlled vocabulary."""

    # Text, not a bounded column: a product named at length is stored whole and found again on re-import.
    name = models.TextField(_("tên"))
    name_key = models.TextField(unique=True, editable=False)
    position = models.PositiveIntegerField(default=100)

    class Meta:
        verbose_name = _("loại sản phẩm")
        verbose_name_plural = _("loại sản phẩm")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean(self.name)
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class Task(TimeStampedModel):
    """One row of a plan's appendix, in one version of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="tasks")
    lineage = models.UUIDField(_("mã nhiệm vụ xuyên phiên bản"), default=uuid.uuid4, db_index=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    group = models.CharField(_("nhóm"), max_length=300, blank=True)
    ref = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    title = models.TextField(_("nhiệm vụ"))
    product_text = models.CharField(_("sản phẩm (nguyên văn)"), max_length=500, blank=True)
    products = models.ManyToManyField(Product, verbose_name=_("sản phẩm"), blank=True, related_name="tasks")
    timeframe_raw = models.CharField(_("thời gian thực hiện"), max_length=200, blank=True)
    timeframe_kind = models.CharField(_("loại thời gian"), max_length=12, choices=TimeframeKind.choices,
                                      default=TimeframeKind.OTHER)
    timeframe_start = models.DateField(_("bắt đầu"), null=True, blank=True)
    timeframe_end = models.DateField(_("kết thúc"), null=True, blank=True)
    funding = models.TextField(_("kinh phí / nguồn"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    seeks_sponsorship = models.BooleanField(_("kêu gọi tài trợ"), default=False)
    progress = models.CharField(_("tình trạng"), max_length=12, choices=TaskProgress.choices,
                                default=TaskProgress.NOT_STARTED, db_index=True)
    # xgettext:no-python-format
    progress_percent = models.PositiveSmallIntegerField(_("% hoàn thành"), default=0)
    progress_updated_at = models.DateTimeField(null=True, blank=True)
    is_archived = models.BooleanField(_("lưu trữ"), default=False)
    # Whether the row belongs to its plan's current version (kept by the services when a version becomes
    # current): lists across plans filter and sort on one table, through the partial indexes below.
    is_current = models.BooleanField(_("thuộc phiên bản hiện hành"), default=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    # The deadline lists sort on: the end of the timeframe, undated tasks last. Computed by the database
    # (a stored generated column), so every writer keeps it right and it can be indexed.
    due_sort = models.GeneratedField(
        expression=Coalesce("timeframe_end", Value(UNDATED_SORT_DATE)), output_field=models.DateField(),
        db_persist=True)
    source_lines = models.JSONField(_("dòng nguồn"), default=list, blank=True)
    import_flags = models.JSONField(_("cảnh báo khi nhập"), default=list, blank=True)
    # Tracking the way the state does (issue 17). The deadline in force is the last approved extension, else
    # the one the coordinator set, else the end of the timeframe; none of the three: no fixed deadline.
    is_key = models.BooleanField(_("nhiệm vụ trọng tâm"), default=False, db_index=True)
    deadline_set = models.DateField(_("thời hạn do đầu mối ấn định"), null=True, blank=True)
    deadline_extended = models.DateField(_("thời hạn sau gia hạn"), null=True, blank=True, editable=False)
    # How many extensions were asked (kept by the services): the task page reads the history only if any.
    extension_requests = models.PositiveSmallIntegerField(_("số lần đề nghị gia hạn"), default=0, editable=False)
    # The day the coordinator accepted the evidence of completion (kept by save() from the progress).
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    leader_in_charge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo phụ trách"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="tasks_led")
    tracking_officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("chuyên viên theo dõi"),
                                         null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="tasks_tracked")
    focal_point = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("đầu mối của đơn vị chủ trì"),
                                    null=True, blank=True, on_delete=models.PROTECT, related_name="tasks_focal")
    assigned_by_number = models.CharField(_("số, ký hiệu văn bản giao"), max_length=80, blank=True)
    assigned_by_date = models.DateField(_("ngày văn bản giao"), null=True, blank=True)
    assigned_by_issuer = models.CharField(_("cơ quan giao"), max_length=300, blank=True)
    assigned_by_file = models.FileField(_("tệp văn bản giao"), upload_to=task_document_path, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["version", "position", "id"]
        indexes = [
            # The plan page: a version's rows in order.
            models.Index(fields=["version", "is_archived", "position"], name="task_version_position"),
            # The list across plans (newest plan first) and its sorts, over current rows only.
            models.Index(fields=["-plan", "position", "id"], name="task_current_by_plan",
                         condition=models.Q(is_current=True, is_archived=False)),
            models.Index(fields=["due_sort", "id"], name="task_current_by_deadline",
                         condition=models.Q(is_current=True, is_archived=False)),
            models.Index(fields=["progress", "due_sort", "id"], name="task_current_by_progress",
                         condition=models.Q(is_current=True, is_archived=False)),
            # One plan's rows by deadline, and by status then deadline.
            models.Index(fields=["plan", "due_sort", "id"], name="task_plan_by_deadline",
                         condition=models.Q(is_current=True, is_archived=False)),
            models.Index(fields=["plan", "progress", "due_sort", "id"], name="task_plan_by_progress",
                         condition=models.Q(is_current=True, is_archived=False)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="one_row_per_task_per_version"),
            models.CheckConstraint(name="task_percent_range", condition=models.Q(progress_percent__lte=100)),
            models.CheckConstraint(
                name="task_timeframe_ordered",
                condition=models.Q(timeframe_start__isnull=True) | models.Q(timeframe_end__isnull=True)
                | models.Q(timeframe_start__lte=models.F("timeframe_end")),
            ),
        ]

    def __str__(self) -> str:
        prefix = f"{self.ref}. " if self.ref else ""
        return f"{prefix}{self.title[:100]}"

    def get_absolute_url(self) -> str:
        return reverse("plans:task_detail", args=[self.pk])

    def refresh_search_text(self, names: list[str] | None = None) -> None:
        """Diacritic-free text searched by `hop tac` → `hợp tác`; unit names are added by the services."""
        parts = [self.ref, self.group, self.title, self.product_text, self.timeframe_raw, self.funding, self.note]
        self.search_text = fold(" ".join(p for p in [*parts, *(names or [])] if p))

    def save(self, *args, **kwargs):
        # The completion date follows the progress: set when the coordinator accepts completion (the
        # accepting report's date), cleared if the task is reopened; callers need not know.
        completed = self.progress == TaskProgress.COMPLETED
        if completed and self.completed_on is None:
            self.completed_on = timezone.localdate(self.progress_updated_at or timezone.now())
        elif not completed and self.completed_on is not None:
            self.completed_on = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "progress" in update_fields:
            kwargs["update_fields"] = {*update_fields, "completed_on"}
        super().save(*args, **kwargs)

    @property
    def monitoring_names(self) -> list[str]:
        """The units named to follow up and urge (assignments prefetched on the pages that show them)."""
        return [a.raw_name for a in self.assignments.all() if a.role == "monitoring"]

    @property
    def is_undated(self) -> bool:
        return self.timeframe_kind in UNDATED_KINDS

    @property
    def original_deadline(self) -> datetime.date | None:
        """The deadline as assigned: set by the coordinator, else the end of the timeframe."""
        return self.deadline_set or self.timeframe_end

    @property
    def deadline(self) -> datetime.date | None:
        """The deadline in force (after any approved extension)."""
        return self.deadline_extended or self.original_deadline

    @property
    def is_extended(self) -> bool:
        return self.deadline_extended is not None

    @property
    def task_class(self) -> str:
        """The status class, from the annotation when the list computed it, else in Python."""
        annotated = self.__dict__.get("status_class")
        if annotated:
            return annotated
        return task_class(deadline=self.deadline, completed_on=self.completed_on,
                          completed=self.progress == TaskProgress.COMPLETED,
                          started=self.progress != TaskProgress.NOT_STARTED, today=timezone.localdate())

    def overlaps(self, start, end) -> bool:
        """Whether the task is due within [start, end]; undated kinds always are."""
        if self.is_undated or (self.timeframe_start is None and self.timeframe_end is None):
            return True
        task_start = self.timeframe_start or self.timeframe_end
        task_end = self.timeframe_end or self.timeframe_start
        return task_start <= end and task_end >= start


class TaskAssignment(models.Model):
    """A unit (or named group) leading or coordinating a task, as the plan writes it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=12, choices=AssignmentRole.choices)
    raw_name = models.CharField(_("tên trong văn bản"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task", "role", "position"]
        # Covers "tasks this unit leads": the task ids come from the index alone.
        indexes = [models.Index(fields=["organization", "role", "task"], name="assignment_org_role_task")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.raw_name}"

    @property
    def display_name(self) -> str:
        return self.organization.name if self.organization_id else self.raw_name


class TaskPartner(models.Model):
    """A foreign partner named on a task or activity."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="partner_links")
    organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="partner_links")
    raw_name = models.CharField(_("tên trong văn bản"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("đối tác của nhiệm vụ")
        verbose_name_plural = _("đối tác của nhiệm vụ")
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return self.raw_name


class TaskExtension(TimeStampedModel):
    """A request to extend a task's deadline (đề nghị gia hạn) and the decision on it.

    The lead unit asks with a reason and a proposed date; the leader in charge (or the Minister, as the plan
    sets) approves or refuses with a comment. Every request is kept: the task's extension history."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="extensions")
    state = models.CharField(_("trạng thái"), max_length=12, choices=ExtensionState.choices,
                             default=ExtensionState.PENDING, db_index=True)
    reason = models.TextField(_("lý do"))
    proposed_date = models.DateField(_("thời hạn đề nghị"))
    previous_deadline = models.DateField(_("thời hạn trước khi gia hạn"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị đề nghị"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="task_extensions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("gia hạn nhiệm vụ")
        verbose_name_plural = _("gia hạn nhiệm vụ")
        ordering = ["task", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task"], condition=models.Q(state="pending"),
                                    name="one_pending_extension_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.proposed_date:%d/%m/%Y}"
