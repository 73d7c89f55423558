"""Statuses and vocabularies of budget lines."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The funding vocabulary is the plans' (a task's funding column); budgets and cooperation both use it.
from kehoach.plans.choices import FUNDING_KEYWORDS, FundingSource, funding_sources_in  # noqa: F401


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định")
    RETURNED = "returned", _("Trả lại để hoàn thiện")


class Currency(models.TextChoices):
    VND = "VND", _("Đồng Việt Nam (VND)")
    USD = "USD", _("Đô la Mỹ (USD)")
    EUR = "EUR", _("Euro (EUR)")
    JPY = "JPY", _("Yên Nhật (JPY)")
    KRW = "KRW", _("Won Hàn Quốc (KRW)")
    GBP = "GBP", _("Bảng Anh (GBP)")
    AUD = "AUD", _("Đô la Úc (AUD)")
    CHF = "CHF", _("Franc Thụy Sĩ (CHF)")
