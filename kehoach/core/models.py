"""Base model and the audit log every state change writes to."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change to one object: who did it, when, what it was before and after.

    Written by the services in the same transaction as the change, so the trail and the data
    cannot disagree. Never edited or deleted.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    message = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class JobLease(models.Model):
    """The claim a running background worker holds on one job (a django-tasks-db task result).

    The worker renews it every few seconds while the job runs; a lease that has run out means the worker
    died, and the reaper (core.jobs) retries the job once or fails it with a message the page shows.
    """

    result = models.OneToOneField("django_tasks_database.DBTaskResult", verbose_name=_("việc chạy nền"), primary_key=True,
                                  on_delete=models.CASCADE, related_name="lease")
    worker_id = models.CharField(_("tiến trình xử lý"), max_length=64, blank=True)
    attempts = models.PositiveIntegerField(_("số lần chạy"), default=0)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True, db_index=True)
    heartbeat_at = models.DateTimeField(_("lần báo gần nhất"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("quyền chạy việc nền")
        verbose_name_plural = _("quyền chạy việc nền")

    def __str__(self) -> str:
        return f"{self.result_id} ({self.worker_id}, {self.attempts})"
