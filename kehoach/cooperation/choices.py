"""Statuses and kinds in the international cooperation register."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    ONGOING = "ongoing", _("Đang triển khai")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Hủy bỏ")


class AgreementKind(models.TextChoices):
    AGREEMENT = "agreement", _("Điều ước / Hiệp định quốc tế")
    MOU = "mou", _("Bản ghi nhớ (MoU)")
    ARRANGEMENT = "arrangement", _("Thỏa thuận quốc tế")
    PROGRAMME = "programme", _("Chương trình hợp tác")


class AgreementStatus(models.TextChoices):
    DRAFTING = "drafting", _("Đang đàm phán")
    SIGNED = "signed", _("Đã ký, còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    TERMINATED = "terminated", _("Chấm dứt")


class EventKind(models.TextChoices):
    CULTURE_DAYS = "culture_days", _("Ngày Văn hóa")
    CULTURE_WEEK = "culture_week", _("Tuần Văn hóa")
    FESTIVAL = "festival", _("Liên hoan, lễ hội")
    EXPO = "expo", _("EXPO, hội chợ, triển lãm")
    CONFERENCE = "conference", _("Hội nghị, hội thảo")
    OTHER = "other", _("Sự kiện khác")
