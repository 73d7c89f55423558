"""Proposals to amend a published plan, and the changes each one asks for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel

from .choices import ItemKind, ProposalStatus


class AmendmentProposal(TimeStampedModel):
    """A unit's written request (tờ trình đề nghị điều chỉnh) to add, change or drop tasks of a plan,
    reviewed by the coordinating department and decided by the Minister or a delegated leader."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT,
                             related_name="amendment_proposals")
    unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị đề xuất"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="amendment_proposals")
    base_version = models.ForeignKey("plans.PlanVersion", verbose_name=_("dựa trên phiên bản"),
                                     on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("trích yếu"), max_length=300)
    reason = models.TextField(_("lý do chung"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xem xét"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("ngày xem xét"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)
    decision_number = models.CharField(_("số văn bản phê duyệt"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày văn bản phê duyệt"), null=True, blank=True)
    result_version = models.ForeignKey("plans.PlanVersion", verbose_name=_("phiên bản được tạo"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("đề xuất điều chỉnh")
        verbose_name_plural = _("đề xuất điều chỉnh")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="approved_proposal_has_decision",
                condition=~models.Q(status="approved")
                | (models.Q(result_version__isnull=False) & ~models.Q(decision_number="")
                   & models.Q(decision_date__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title[:120]}"

    def get_absolute_url(self) -> str:
        return reverse("amendments:detail", args=[self.pk])


class AmendmentItem(models.Model):
    """One change a proposal asks for: add a task, change one (blank fields stay as they are), or drop one."""

    proposal = models.ForeignKey(AmendmentProposal, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("loại đề xuất"), max_length=8, choices=ItemKind.choices)
    task = models.ForeignKey("plans.Task", verbose_name=_("nhiệm vụ"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="amendment_items")
    title = models.TextField(_("tên nhiệm vụ"), blank=True)
    lead = models.CharField(_("đơn vị chủ trì"), max_length=500, blank=True,
                            help_text=_("Nhiều đơn vị cách nhau bởi dấu chấm phẩy"))
    coordinating = models.CharField(_("đơn vị phối hợp"), max_length=1000, blank=True,
                                    help_text=_("Nhiều đơn vị cách nhau bởi dấu chấm phẩy"))
    products = models.CharField(_("sản phẩm"), max_length=500, blank=True,
                                help_text=_("Nhiều sản phẩm cách nhau bởi dấu chấm phẩy"))
    timeframe_raw = models.CharField(_("thời gian thực hiện"), max_length=200, blank=True)
    reason = models.TextField(_("lý do"))
    position = models.PositiveSmallIntegerField(default=0)
    is_archived = models.BooleanField(_("đã bỏ khỏi đề xuất"), default=False)

    class Meta:
        verbose_name = _("nội dung đề xuất")
        verbose_name_plural = _("nội dung đề xuất")
        ordering = ["proposal", "position", "id"]
        constraints = [
            models.CheckConstraint(name="amendment_item_task_matches_kind",
                                   condition=models.Q(kind="add", task__isnull=True)
                                   | (~models.Q(kind="add") & models.Q(task__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {(self.title or (self.task.title if self.task_id else ''))[:80]}"


class ProposalComment(models.Model):
    """A remark by the coordinating department, leadership or the unit on a proposal."""

    proposal = models.ForeignKey(AmendmentProposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("người góp ý"), max_length=200)
    body = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến về đề xuất")
        verbose_name_plural = _("ý kiến về đề xuất")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:60]}"
