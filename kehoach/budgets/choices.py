"""Statuses and vocabularies of budget lines."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("Ngân sách nhà nước")
    SPONSORSHIP = "sponsorship", _("Tài trợ của đối tác")
    RETAINED = "retained", _("Nguồn thu để lại của đơn vị")
    SOCIALISED = "socialised", _("Xã hội hóa")
    COUNTERPART = "counterpart", _("Vốn đối ứng")
    OTHER = "other", _("Nguồn khác")


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
    from kehoach.core.text import fold

    folded = fold(text or "")
    found = {source for words, source in FUNDING_KEYWORDS if words in folded}
    return [s for s in FundingSource.values if s in found]
