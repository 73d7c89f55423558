"""The international cooperation register: activities with foreign partners, agreements/MoUs and events.

Foreign partners and countries are `organizations.Organization(kind="partner")` and `organizations.Country`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel

from .choices import ActivityStatus, AgreementKind, AgreementStatus, EventKind

# Agreement files follow the one upload limit (kehoach.core.uploads); the name stays for callers.
MAX_AGREEMENT_FILE_BYTES = settings.KEHOACH_UPLOAD_MAX_BYTES


def agreement_file_path(instance: Agreement, filename: str) -> str:
    return f"cooperation/agreements/{uuid.uuid4().hex}/{filename[-100:]}"


class Activity(TimeStampedModel):
    """A cooperation activity with foreign partners (a row of a cooperation plan, or added by hand)."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("kế hoạch"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="cooperation_activities")
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ gốc"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="cooperation_activities")
    # The task's lineage: the same activity across plan versions, so a re-sync updates instead of duplicating.
    lineage = models.UUIDField(_("mã nhiệm vụ xuyên phiên bản"), null=True, blank=True, editable=False)
    group = models.CharField(_("nhóm"), max_length=300, blank=True)
    ref = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    title = models.TextField(_("tên hoạt động"))
    partners = models.ManyToManyField("organizations.Organization", verbose_name=_("đối tác nước ngoài"),
                                      blank=True, related_name="cooperation_activities",
                                      limit_choices_to={"kind": "partner"})
    countries = models.ManyToManyField("organizations.Country", verbose_name=_("quốc gia"), blank=True,
                                       related_name="cooperation_activities")
    units = models.ManyToManyField("organizations.Organization", verbose_name=_("đơn vị thực hiện"), blank=True,
                                   related_name="responsible_activities")
    units_text = models.CharField(_("đơn vị thực hiện (nguyên văn)"), max_length=500, blank=True)
    timeframe_raw = models.CharField(_("thời gian dự kiến"), max_length=200, blank=True)
    start_date = models.DateField(_("bắt đầu"), null=True, blank=True)
    end_date = models.DateField(_("kết thúc"), null=True, blank=True)
    year_start = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True, db_index=True)
    year_end = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True, db_index=True)
    funding = models.TextField(_("nguồn kinh phí (nguyên văn)"), blank=True)
    funding_sources = models.JSONField(_("nguồn kinh phí"), default=list, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED, db_index=True)
    note = models.TextField(_("ghi chú"), blank=True)
    is_archived = models.BooleanField(_("lưu trữ"), default=False)

    class Meta:
        verbose_name = _("hoạt động hợp tác quốc tế")
        verbose_name_plural = _("hoạt động hợp tác quốc tế")
        ordering = ["plan_id", "year_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "lineage"], name="one_activity_per_plan_task"),
            models.CheckConstraint(
                name="activity_years_ordered",
                condition=models.Q(year_start__isnull=True) | models.Q(year_end__isnull=True)
                | models.Q(year_start__lte=models.F("year_end")),
            ),
        ]

    def __str__(self) -> str:
        return self.title[:120]

    def get_absolute_url(self) -> str:
        return reverse("cooperation:activity_detail", args=[self.pk])

    @property
    def years_label(self) -> str:
        if self.year_start and self.year_end and self.year_start != self.year_end:
            return f"{self.year_start}–{self.year_end}"
        return str(self.year_start or self.year_end or "")


class Agreement(TimeStampedModel):
    """An international agreement, arrangement or MoU signed with foreign partners (Văn kiện hợp tác quốc tế)."""

    title = models.CharField(_("tên văn kiện"), max_length=500)
    kind = models.CharField(_("loại văn kiện"), max_length=12, choices=AgreementKind.choices,
                            default=AgreementKind.MOU)
    partners = models.ManyToManyField("organizations.Organization", verbose_name=_("đối tác nước ngoài"),
                                      blank=True, related_name="agreements", limit_choices_to={"kind": "partner"})
    units = models.ManyToManyField("organizations.Organization", verbose_name=_("đơn vị thuộc Bộ tham gia"),
                                   blank=True, related_name="unit_agreements", limit_choices_to={"kind": "unit"})
    owner_unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị quản lý"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=AgreementStatus.choices,
                              default=AgreementStatus.SIGNED, db_index=True)
    file = models.FileField(_("tệp văn kiện"), upload_to=agreement_file_path, blank=True,
                            validators=[FileExtensionValidator(["pdf", "docx"])])
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ liên quan"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="agreements")
    note = models.TextField(_("ghi chú"), blank=True)
    is_archived = models.BooleanField(_("lưu trữ"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("văn kiện hợp tác quốc tế")
        verbose_name_plural = _("văn kiện hợp tác quốc tế")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="agreement_expiry_after_signature",
                condition=models.Q(signed_on__isnull=True) | models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("signed_on")),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The list is readable by everyone; the edit page only by those who may edit.
        return f"{reverse('cooperation:agreement_list')}#agreement-{self.pk}"


class Event(TimeStampedModel):
    """A cultural event abroad or at home with foreign partners: Ngày/Tuần Văn hóa, a festival, an EXPO."""

    title = models.CharField(_("tên sự kiện"), max_length=500)
    kind = models.CharField(_("loại sự kiện"), max_length=14, choices=EventKind.choices, default=EventKind.OTHER)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    country = models.ForeignKey("organizations.Country", verbose_name=_("quốc gia"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="events")
    partners = models.ManyToManyField("organizations.Organization", verbose_name=_("đối tác nước ngoài"),
                                      blank=True, related_name="events", limit_choices_to={"kind": "partner"})
    units = models.ManyToManyField("organizations.Organization", verbose_name=_("đơn vị thực hiện"), blank=True,
                                   related_name="unit_events", limit_choices_to={"kind": "unit"})
    owner_unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị quản lý"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ liên quan"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="cooperation_events")
    note = models.TextField(_("ghi chú"), blank=True)
    is_archived = models.BooleanField(_("lưu trữ"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="event_end_after_start",
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('cooperation:event_list')}?year={self.start_date.year}#event-{self.pk}"
