"""Statuses and item kinds of amendment proposals."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi đơn vị đầu mối")
    FORWARDED = "forwarded", _("Trình Lãnh đạo Bộ")
    RETURNED = "returned", _("Trả lại đơn vị")
    APPROVED = "approved", _("Đã phê duyệt")
    REJECTED = "rejected", _("Không phê duyệt")


# States in which the proposing unit may still edit its items.
EDITABLE_STATES = {ProposalStatus.DRAFT, ProposalStatus.RETURNED}
# States seen by the coordinator, finance and leadership (a unit's drafts are its own business).
SUBMITTED_STATES = {ProposalStatus.SUBMITTED, ProposalStatus.FORWARDED, ProposalStatus.APPROVED,
                    ProposalStatus.REJECTED}


class ItemKind(models.TextChoices):
    ADD = "add", _("Bổ sung nhiệm vụ")
    CHANGE = "change", _("Điều chỉnh nhiệm vụ")
    DROP = "drop", _("Đưa ra khỏi kế hoạch")
