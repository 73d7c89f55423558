"""Reporting cycles: periods, who owes what, unit reports, their entries, evidence and reminders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel

from .choices import (
    EntryStatus,
    ObligationRole,
    PeriodFrequency,
    PeriodKind,
    PeriodState,
    ProgressRule,
    ReminderStep,
    ReportRegime,
    ReportState,
    SendingMethod,
)


class ReportingPeriod(TimeStampedModel):
    """One round of reporting on a plan: the yearly report due 30/11 or an ad hoc request (khi có yêu cầu)."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT,
                             related_name="reporting_periods")
    kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEARLY)
    year = models.PositiveSmallIntegerField(_("năm"))
    label = models.CharField(_("tên kỳ báo cáo"), max_length=200)
    opens_on = models.DateField(_("ngày mở kỳ"))
    cutoff = models.DateField(_("ngày chốt số liệu"))
    deadline = models.DateField(_("hạn gửi báo cáo"))
    state = models.CharField(_("trạng thái"), max_length=8, choices=PeriodState.choices, default=PeriodState.OPEN)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    instructions = models.TextField(_("hướng dẫn"), blank=True)
    scope_units = models.ManyToManyField("organizations.Organization", verbose_name=_("đơn vị được yêu cầu"),
                                         blank=True, related_name="+")
    scope_lineages = models.JSONField(_("nhiệm vụ được yêu cầu"), default=list, blank=True,
                                      help_text=_("Trống: mọi nhiệm vụ"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # Decree 09/2019 (issue 17): the kind of report, its data window kept apart from the plan's own deadline,
    # the deadline of each level above the units, the recipient and the sending method. Checked when set.
    regime = models.CharField(_("loại báo cáo"), max_length=10, choices=ReportRegime.choices,
                              default=ReportRegime.PERIODIC)
    frequency = models.CharField(_("tần suất"), max_length=12, choices=PeriodFrequency.choices, blank=True)
    data_start = models.DateField(_("số liệu từ ngày"), null=True, blank=True)
    data_end = models.DateField(_("số liệu đến ngày"), null=True, blank=True)
    dept_deadline = models.DateField(_("hạn đơn vị đầu mối tổng hợp"), null=True, blank=True)
    ministry_deadline = models.DateField(_("hạn Bộ gửi báo cáo"), null=True, blank=True)
    recipient = models.CharField(_("nơi nhận báo cáo"), max_length=300, blank=True)
    sending_method = models.CharField(_("phương thức gửi"), max_length=12, choices=SendingMethod.choices, blank=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-deadline", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], condition=Q(kind="yearly"),
                                    name="reporting_one_yearly_period_per_plan_year"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("opens_on")),
                                   name="reporting_deadline_not_before_opening"),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("reporting:period", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN


class Obligation(models.Model):
    """What one unit owes in a period: a report on a task it leads, or input on a task it coordinates."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="obligations")
    unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="reporting_obligations")
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT,
                             related_name="reporting_obligations")
    role = models.CharField(_("vai trò"), max_length=12, choices=ObligationRole.choices)
    named_by_lead = models.BooleanField(_("do đơn vị chủ trì xác định"), default=False,
                                        help_text=_("Các đơn vị liên quan: đơn vị chủ trì nêu tên"))
    reason = models.CharField(_("căn cứ nghĩa vụ"), max_length=400, blank=True,
                              help_text=_("Ví dụ: chủ trì qua nhóm Các đơn vị thuộc Bộ; thời gian 2025–2030 trùng "
                                          "kỳ báo cáo"))
    # Not a field: the unit's dashboard (reporting.selectors) attaches the input the unit has given.
    given: str

    class Meta:
        verbose_name = _("nghĩa vụ báo cáo")
        verbose_name_plural = _("nghĩa vụ báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "task", "role"], name="reporting_obligation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.task}"


class UnitReport(TimeStampedModel):
    """A unit's report for one period (báo cáo của đơn vị), drafted by the focal point, approved by the head."""

    period = models.ForeignKey(ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT,
                               related_name="reports")
    unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="unit_reports")
    state = models.CharField(_("trạng thái"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản lưu"), default=1)
    summary = models.TextField(_("tóm tắt kết quả"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "unit__position", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="reporting_one_report_per_unit_period"),
            models.CheckConstraint(condition=Q(version__gte=1), name="reporting_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", args=[self.pk])

    @property
    def is_late(self) -> bool:
        sent = self.first_submitted_at
        return bool(sent and sent.date() > self.period.deadline)


class UnitReportRevision(models.Model):
    """What a unit sent at one submission, kept readable after later changes."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("lần gửi"))
    data = models.JSONField(_("nội dung"))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("lần gửi báo cáo")
        verbose_name_plural = _("các lần gửi báo cáo")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reporting_revision_unique")]

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"


class TaskReportEntry(models.Model):
    """The unit's account of one task in its report: status, percent, results, products and evidence."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="entries")
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT,
                             related_name="report_entries")
    status = models.CharField(_("tình trạng"), max_length=12, choices=EntryStatus.choices, blank=True)
    percent = models.PositiveSmallIntegerField(_("% hoàn thành"), null=True, blank=True)
    results = models.TextField(_("kết quả thực hiện"), blank=True)
    difficulties = models.TextField(_("khó khăn"), blank=True)
    proposals = models.TextField(_("đề xuất"), blank=True)
    evidence_number = models.CharField(_("số, ký hiệu văn bản minh chứng"), max_length=120, blank=True)
    evidence_link = models.URLField(_("đường dẫn minh chứng"), blank=True)
    related_units_text = models.CharField(_("các đơn vị liên quan (do đơn vị chủ trì nêu)"), max_length=500,
                                          blank=True)
    completion_confirmed = models.BooleanField(_("đầu mối xác nhận hoàn thành"), default=False)
    # What the unit offers for the public progress page; shown there only once the coordinator accepts the
    # report with it approved (public_approved), never the internal results, difficulties or evidence.
    public_summary = models.TextField(_("nội dung công khai"), blank=True,
                                      help_text=_("Đoạn ngắn cho trang công khai tiến độ; chỉ hiện khi đầu mối "
                                                  "tiếp nhận và đồng ý công khai."))
    public_approved = models.BooleanField(_("đầu mối đồng ý công khai"), default=False)
    # Optimistic lock of this task row: two people editing different tasks of a report never conflict.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # Not fields: report_detail (reporting.selectors) attaches what the report page shows beside each entry.
    reason: str
    inputs: list[CoordinatorInput]
    coordinating: list[str]
    asks_related: bool

    class Meta:
        verbose_name = _("nội dung báo cáo nhiệm vụ")
        verbose_name_plural = _("nội dung báo cáo nhiệm vụ")
        ordering = ["task__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="reporting_entry_unique"),
            models.CheckConstraint(condition=Q(percent__isnull=True) | Q(percent__lte=100),
                                   name="reporting_entry_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.task.ref}"

    @property
    def has_evidence(self) -> bool:
        files = getattr(self, "_prefetched_objects_cache", {}).get("evidence")
        has_file = any(not e.is_archived for e in files) if files is not None else \
            self.evidence.filter(is_archived=False).exists()
        return bool(self.evidence_number.strip() or self.evidence_link.strip() or has_file)


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"reporting/{instance.entry.report_id}/{uuid.uuid4().hex}/{filename}"


class Evidence(models.Model):
    """A product file attached to an entry (PDF, DOCX, XLSX or image), checked by content not just name."""

    entry = models.ForeignKey(TaskReportEntry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_archived = models.BooleanField(_("đã gỡ"), default=False)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")

    def __str__(self) -> str:
        return self.original_name


class CoordinatorInput(TimeStampedModel):
    """A coordinating unit's contribution on a task, shown to the lead unit while it writes."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="inputs")
    unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị phối hợp"),
                             on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nội dung phối hợp"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("thông tin của đơn vị phối hợp")
        verbose_name_plural = _("thông tin của đơn vị phối hợp")
        constraints = [models.UniqueConstraint(fields=["period", "unit", "task"], name="reporting_input_unique")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.task}"


class ReportTransition(models.Model):
    """One step of a report's workflow: who moved it, when, from which state to which, and why."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_state = models.CharField(_("từ"), max_length=10, choices=ReportState.choices)
    to_state = models.CharField(_("sang"), max_length=10, choices=ReportState.choices)
    reason = models.TextField(_("lý do"), blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chuyển trạng thái báo cáo")
        verbose_name_plural = _("lịch sử chuyển trạng thái")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report}: {self.from_state} → {self.to_state}"


class ReminderLog(models.Model):
    """A reminder claimed/sent to one person for one step of a period; unique so each step goes out once."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(_("bước"), max_length=20)
    kind = models.CharField(_("loại"), max_length=8, choices=ReminderStep.choices)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc hạn đã gửi")
        verbose_name_plural = _("nhắc hạn đã gửi")
        constraints = [models.UniqueConstraint(fields=["period", "user", "step"], name="reporting_reminder_once")]

    def __str__(self) -> str:
        return f"{self.period} · {self.user} · {self.step}"


class ReportingRule(models.Model):
    """How a plan's tasks shared by many units roll up: the plan's rule for the aggregate percent."""

    plan = models.OneToOneField("plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE,
                                related_name="reporting_rule")
    progress_rule = models.CharField(_("cách tính tiến độ chung"), max_length=10, choices=ProgressRule.choices,
                                     default=ProgressRule.MEAN)

    class Meta:
        verbose_name = _("quy tắc tổng hợp tiến độ")
        verbose_name_plural = _("quy tắc tổng hợp tiến độ")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.get_progress_rule_display()}"


class TaskPeriodProgress(models.Model):
    """A task's standing in one period across every unit that owes it, kept by the services on accept and
    reopen so lists read one row: the breakdown by unit and the rolled-up status and percent."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="task_progress")
    lineage = models.UUIDField(_("mã nhiệm vụ xuyên phiên bản"))
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="+")
    units_total = models.PositiveIntegerField(_("số đơn vị được giao"), default=0)
    completed = models.PositiveIntegerField(_("hoàn thành"), default=0)
    in_progress = models.PositiveIntegerField(_("đang thực hiện"), default=0)
    not_started = models.PositiveIntegerField(_("chưa triển khai"), default=0)
    late = models.PositiveIntegerField(_("chậm tiến độ"), default=0)
    adjustment = models.PositiveIntegerField(_("đề nghị điều chỉnh"), default=0)
    not_reported = models.PositiveIntegerField(_("chưa báo cáo"), default=0)
    status = models.CharField(_("tình trạng chung"), max_length=12, choices=EntryStatus.choices, blank=True)
    percent = models.PositiveSmallIntegerField(_("% hoàn thành chung"), default=0)
    rule = models.CharField(_("cách tính"), max_length=10, choices=ProgressRule.choices, default=ProgressRule.MEAN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tiến độ nhiệm vụ trong kỳ")
        verbose_name_plural = _("tiến độ nhiệm vụ trong kỳ")
        constraints = [
            models.UniqueConstraint(fields=["period", "lineage"], name="reporting_task_progress_unique"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="reporting_task_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.task_id}: {self.breakdown}"

    @property
    def breakdown(self) -> str:
        """"12/38 đơn vị hoàn thành, 20 đang thực hiện, 6 chưa báo cáo" (zero counts left out), in Vietnamese
        whatever the reader's language: official documents quote it."""
        return self._breakdown(lambda text: text)

    @property
    def breakdown_display(self) -> str:
        """The breakdown in the reader's language (pages)."""
        from django.utils.translation import gettext

        return self._breakdown(gettext)

    # The msgids above, for makemessages (it reads gettext_noop calls).
    _MSGIDS = (_("%(done)s/%(total)s đơn vị hoàn thành"), _("đang thực hiện"), _("chậm tiến độ"),
               _("đề nghị điều chỉnh"), _("chưa triển khai"), _("chưa báo cáo"))

    def _breakdown(self, tr) -> str:
        parts = [tr("%(done)s/%(total)s đơn vị hoàn thành") % {"done": self.completed, "total": self.units_total}]
        for count, label in ((self.in_progress, tr("đang thực hiện")), (self.late, tr("chậm tiến độ")),
                             (self.adjustment, tr("đề nghị điều chỉnh")), (self.not_started, tr("chưa triển khai")),
                             (self.not_reported, tr("chưa báo cáo"))):
            if count:
                parts.append(f"{count} {label}")
        return ", ".join(parts)


class ReportExtension(models.Model):
    """A new report deadline the coordinator grants one unit for one period (also after the period closed),
    with the reason; every grant is kept, the latest one applies."""

    period = models.ForeignKey(ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE,
                               related_name="extensions")
    unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="+")
    deadline = models.DateField(_("hạn gửi mới"))
    reason = models.TextField(_("lý do gia hạn"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(_("gia hạn lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("gia hạn báo cáo")
        verbose_name_plural = _("gia hạn báo cáo")
        ordering = ["period", "unit", "-granted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} → {self.deadline:%d/%m/%Y}"


class UrgingRecord(models.Model):
    """One urging (đôn đốc) of one unit for one period, so the letter's "lần N" is a real count."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="urgings")
    unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="+")
    number = models.PositiveIntegerField(_("lần đôn đốc"))
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("lần đôn đốc")
        verbose_name_plural = _("các lần đôn đốc")
        constraints = [models.UniqueConstraint(fields=["period", "unit", "number"], name="reporting_urging_unique")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} #{self.number}"
