"""documents models: generated official documents and who signs them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel

from .choices import KIND_FILE, DocumentKind, DocumentStatus, GroupBy


class SignatureProfile(TimeStampedModel):
    """Who signs the documents an organisation issues (box 7 of Decree 30's layout): e.g. ``KT. CỤC TRƯỞNG``,
    ``PHÓ CỤC TRƯỞNG``, the person's name. One per organisation, kept by the coordinator."""

    organization = models.ForeignKey("organizations.Organization", verbose_name=_("cơ quan, đơn vị"),
                                     on_delete=models.PROTECT, related_name="signature_profiles")
    # The organisation's usual signer; others (a deputy, an acting head) may be picked per document.
    is_default = models.BooleanField(_("người ký mặc định"), default=True)
    authority = models.CharField(_("thẩm quyền ký"), max_length=120, blank=True,
                                 help_text=_("Ví dụ: KT. CỤC TRƯỞNG; để trống nếu người đứng đầu ký."))
    title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    name = models.CharField(_("họ và tên người ký"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("người ký văn bản")
        verbose_name_plural = _("người ký văn bản")
        ordering = ["organization", "-is_default", "id"]
        constraints = [models.UniqueConstraint(fields=["organization"], condition=models.Q(is_default=True),
                                               name="one_default_signer_per_organization")]

    def __str__(self) -> str:
        return f"{self.organization}: {self.title} {self.name}".strip()


def document_path(instance: GeneratedDocument, filename: str) -> str:
    return f"documents/{instance.plan_id}/{instance.kind}/{filename}"


class GeneratedDocument(TimeStampedModel):
    """One generated file (a report, letter, or an export of a plan), kept for the record: each generation is
    a new version of the same (kind, plan, period, unit); nothing is ever deleted."""

    kind = models.CharField(_("loại văn bản"), max_length=24, choices=DocumentKind.choices, db_index=True)
    plan = models.ForeignKey("plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT,
                             related_name="generated_documents")
    unit = models.ForeignKey("organizations.Organization", verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("reporting.ReportingPeriod", verbose_name=_("kỳ báo cáo"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    # "<plan>/<period or ->/<unit or ->": a non-null key so (kind, scope, version) can be unique on every DB.
    scope = models.CharField(max_length=60, editable=False)
    version = models.PositiveIntegerField(_("lần tạo"))
    options = models.JSONField(_("tùy chọn"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=DocumentStatus.choices,
                              default=DocumentStatus.QUEUED, db_index=True)
    message = models.TextField(_("thông báo"), blank=True)
    file = models.FileField(_("tệp"), upload_to=document_path, blank=True, max_length=300)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope", "version"], name="one_document_version_per_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def download_url(self) -> str:
        return reverse("documents:download", args=[self.pk])

    @property
    def extension(self) -> str:
        return KIND_FILE[DocumentKind(self.kind)][0]

    @property
    def content_type(self) -> str:
        return KIND_FILE[DocumentKind(self.kind)][1]

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED)

    @staticmethod
    def scope_for(plan_id: int, period_id: int | None, unit_id: int | None) -> str:
        return f"{plan_id}/{period_id or '-'}/{unit_id or '-'}"


class ConsolidationDraft(TimeStampedModel):
    """The coordinating unit's working text for a consolidated report: how tasks are grouped and the
    difficulties and proposals (merged from the accepted unit reports, then edited) that go into it.
    One per plan and reporting period; every edit is in the audit trail."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT,
                             related_name="consolidation_drafts")
    period = models.ForeignKey("reporting.ReportingPeriod", verbose_name=_("kỳ báo cáo"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    # "<plan>/<period or ->/-": one draft per plan and period, unique on every database.
    scope = models.CharField(max_length=60, unique=True, editable=False)
    grouping = models.CharField(_("trình bày kết quả"), max_length=8, choices=GroupBy.choices,
                                default=GroupBy.GROUP)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True, max_length=20000)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True, max_length=20000)
    # The coordinator's consolidated wording per task (task lineage -> text), prefilled from accepted entries.
    task_texts = models.JSONField(_("kết quả tổng hợp từng nhiệm vụ"), default=dict, blank=True)
    kinh_gui = models.TextField(_("kính gửi"), blank=True, max_length=2000,
                                help_text=_("Mỗi dòng một nơi; để trống: theo kế hoạch."))
    recipients = models.TextField(_("nơi nhận"), blank=True, max_length=4000,
                                  help_text=_("Mỗi dòng một nơi; dòng lưu văn thư được thêm tự động."))
    signer = models.ForeignKey(SignatureProfile, verbose_name=_("người ký"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("Để trống: người ký mặc định của đơn vị đầu mối."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("dự thảo báo cáo tổng hợp")
        verbose_name_plural = _("dự thảo báo cáo tổng hợp")

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.period_id or '-'}"

    @staticmethod
    def paragraphs(text: str) -> list[str]:
        """One paragraph per non-empty line (leading dashes and bullets dropped: the document styles them)."""
        return [line.strip().lstrip("-•+* ").strip() for line in (text or "").splitlines()
                if line.strip().lstrip("-•+* ").strip()]
