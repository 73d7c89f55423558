"""Statuses of a unit's yearly plan and where each item comes from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class YearPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi đơn vị đầu mối")
    RETURNED = "returned", _("Trả lại đơn vị")
    APPROVED = "approved", _("Đã phê duyệt")


EDITABLE_STATES = {YearPlanStatus.DRAFT, YearPlanStatus.RETURNED}


class ItemSource(models.TextChoices):
    LEAD = "lead", _("Nhiệm vụ chủ trì")
    COORDINATING = "coordinating", _("Nhiệm vụ phối hợp")
    OWN = "own", _("Nhiệm vụ riêng của đơn vị")
