"""Budget estimates units submit per year and task, finance's appraisal of them, and money spent."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel

from .choices import BudgetStatus, Currency, FundingSource

MONEY = {"max_digits": 20, "decimal_places": 2}
RATE = {"max_digits": 18, "decimal_places": 6}


class BudgetLine(TimeStampedModel):
    """One line of a unit's budget estimate (dự toán kinh phí) for a year: a task or cooperation activity,
    an amount in one currency from one funding source, and finance's appraisal of it."""

    unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="budget_lines", limit_choices_to={"kind": "unit"})
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    plan = models.ForeignKey("plans.Plan", verbose_name=_("kế hoạch"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="budget_lines")
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="budget_lines")
    activity = models.ForeignKey("cooperation.Activity", verbose_name=_("hoạt động hợp tác"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="budget_lines")
    title = models.CharField(_("nội dung"), max_length=500)
    source = models.CharField(_("nguồn kinh phí"), max_length=14, choices=FundingSource.choices,
                              default=FundingSource.STATE_BUDGET, db_index=True)
    currency = models.CharField(_("loại tiền"), max_length=3, choices=Currency.choices, default=Currency.VND)
    exchange_rate = models.DecimalField(_("tỷ giá quy đổi (VND)"), default=Decimal(1), **RATE)
    amount = models.DecimalField(_("dự toán"), **MONEY)
    # amount × exchange_rate, fixed when the line is written so totals are a plain SQL SUM.
    amount_vnd = models.DecimalField(_("dự toán quy đổi (VND)"), editable=False, **MONEY)
    status = models.CharField(_("trạng thái"), max_length=12, choices=BudgetStatus.choices,
                              default=BudgetStatus.DRAFT, db_index=True)
    approved_amount = models.DecimalField(_("số được thẩm định"), null=True, blank=True, **MONEY)
    approved_vnd = models.DecimalField(_("số thẩm định quy đổi (VND)"), null=True, blank=True, editable=False,
                                       **MONEY)
    appraisal_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    appraised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thẩm định"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    appraised_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    is_archived = models.BooleanField(_("lưu trữ"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("dòng dự toán kinh phí")
        verbose_name_plural = _("dự toán kinh phí")
        ordering = ["-year", "unit__name", "id"]
        constraints = [
            models.CheckConstraint(name="budget_amount_not_negative", condition=models.Q(amount__gte=0)),
            models.CheckConstraint(name="budget_rate_positive", condition=models.Q(exchange_rate__gt=0)),
            models.CheckConstraint(name="budget_approved_not_negative",
                                   condition=models.Q(approved_amount__isnull=True)
                                   | models.Q(approved_amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.title[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("budgets:line_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (BudgetStatus.DRAFT, BudgetStatus.RETURNED) and not self.is_archived


class BudgetSpend(TimeStampedModel):
    """Money actually spent on a budget line in a reporting period (year + period label, until reporting
    periods exist to link to)."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("dòng dự toán"), on_delete=models.PROTECT,
                             related_name="spends")
    year = models.PositiveSmallIntegerField(_("năm"))
    period_label = models.CharField(_("kỳ báo cáo"), max_length=60, blank=True)
    amount = models.DecimalField(_("số đã chi"), **MONEY)
    amount_vnd = models.DecimalField(_("số đã chi quy đổi (VND)"), editable=False, **MONEY)
    note = models.TextField(_("ghi chú"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("số đã chi")
        verbose_name_plural = _("số đã chi")
        ordering = ["line", "year", "id"]
        constraints = [models.CheckConstraint(name="spend_not_negative", condition=models.Q(amount__gte=0))]

    def __str__(self) -> str:
        return f"{self.line_id} {self.year} {self.period_label}: {self.amount}"
