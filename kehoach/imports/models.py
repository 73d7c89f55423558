"""Uploads of plan documents and the background job that reads each one."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel

from .choices import JobStatus


def upload_path(instance: ImportJob, filename: str) -> str:
    return f"imports/{uuid.uuid4().hex}/{filename[-100:]}"


class ImportJob(TimeStampedModel):
    """One uploaded plan document being read into a draft plan; its status is what the upload page polls."""

    file = models.FileField(_("tệp"), upload_to=upload_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.TextField(_("thông báo"), blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    # The facts read before a refusal (no task list found): prefilled on the manual-entry page.
    partial = models.JSONField(_("thông tin đã đọc được"), null=True, blank=True)
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    replaces = models.ForeignKey("plans.Plan", verbose_name=_("bản mới của kế hoạch"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("lượt nhập kế hoạch")
        verbose_name_plural = _("lượt nhập kế hoạch")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("imports:job_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


def crop_path(instance: ScanCrop, filename: str) -> str:
    return f"imports/crops/{uuid.uuid4().hex}/{filename[-60:]}"


class ScanCrop(TimeStampedModel):
    """The picture of one task's table row in a scanned plan, kept so the reviewer can read the row beside
    what OCR made of it (issue 14)."""

    job = models.ForeignKey(ImportJob, verbose_name=_("lượt nhập"), null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="crops")
    task = models.OneToOneField("plans.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE,
                                related_name="scan_crop")
    image = models.FileField(_("ảnh dòng quét"), upload_to=crop_path)
    page = models.PositiveIntegerField(_("trang"), default=0)
    confidence = models.FloatField(_("độ tin cậy thấp nhất"), default=100.0)
    low_fields = models.JSONField(_("ô đọc chưa chắc"), default=list, blank=True)

    class Meta:
        verbose_name = _("ảnh dòng bản quét")
        verbose_name_plural = _("ảnh dòng bản quét")

    def __str__(self) -> str:
        return f"{self.task_id} p.{self.page}"
