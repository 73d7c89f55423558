"""A unit's yearly plan (kế hoạch năm của đơn vị) and its items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel

from .choices import ItemSource, YearPlanStatus


class UnitYearPlan(TimeStampedModel):
    """The plan a unit draws up for one year from the tasks it leads or coordinates plus its own work,
    submitted by the unit head and approved by the coordinating department; the unit's next report is
    measured against it."""

    unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="year_plans")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=YearPlanStatus.choices,
                              default=YearPlanStatus.DRAFT, db_index=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người phê duyệt"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("ngày phê duyệt"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến của đơn vị đầu mối"), blank=True)

    class Meta:
        verbose_name = _("kế hoạch năm của đơn vị")
        verbose_name_plural = _("kế hoạch năm của đơn vị")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_year_plan_per_unit_year"),
            models.CheckConstraint(name="year_plan_year_range", condition=models.Q(year__gte=2000, year__lte=2100)),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("unitplans:detail", args=[self.pk])


class UnitPlanItem(models.Model):
    """One line of a unit's yearly plan: a plan task it carries that year, or its own item, with the
    output it plans and the date it aims for."""

    year_plan = models.ForeignKey(UnitYearPlan, on_delete=models.CASCADE, related_name="items")
    source = models.CharField(_("nguồn"), max_length=14, choices=ItemSource.choices)
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ của kế hoạch"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="unit_plan_items")
    task_lineage = models.UUIDField(null=True, blank=True, db_index=True)
    title = models.TextField(_("nội dung"))
    product = models.CharField(_("sản phẩm"), max_length=500, blank=True)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    planned_output = models.TextField(_("kết quả dự kiến"), blank=True)
    target_date = models.DateField(_("thời gian hoàn thành dự kiến"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_archived = models.BooleanField(_("đã bỏ"), default=False)

    class Meta:
        verbose_name = _("nội dung kế hoạch năm")
        verbose_name_plural = _("nội dung kế hoạch năm")
        ordering = ["year_plan", "position", "id"]
        constraints = [
            models.CheckConstraint(name="unit_plan_item_task_matches_source",
                                   condition=models.Q(source="own", task__isnull=True)
                                   | (~models.Q(source="own") & models.Q(task__isnull=False))),
        ]

    def __str__(self) -> str:
        return self.title[:100]
