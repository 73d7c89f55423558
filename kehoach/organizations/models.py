"""The ministry, its units, outside bodies, foreign partners, countries and named groups of units."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kehoach.core.models import TimeStampedModel
from kehoach.core.text import clean, fold, name_key

from .choices import GroupRule, OrgKind, PartnerType, UnitType


class Country(models.Model):
    """A country, by ISO 3166-1 alpha-2 code, with its Vietnamese name."""

    code = models.CharField(_("mã ISO"), max_length=2, primary_key=True)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=120)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120)
    name_key = models.CharField(max_length=120, db_index=True, editable=False)
    aliases = models.CharField(_("tên gọi khác"), max_length=300, blank=True, help_text=_("Ngăn cách bằng dấu ;"))

    class Meta:
        verbose_name = _("quốc gia")
        verbose_name_plural = _("quốc gia")
        ordering = ["name_vi"]

    def __str__(self) -> str:
        return self.name_vi

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """The stored keys computed from the names (``save`` does it; a bulk insert calls it first)."""
        self.name_key = name_key(self.name_vi)

    @property
    def keys(self) -> set[str]:
        return {self.name_key, name_key(self.name_en), *(name_key(a) for a in self.aliases.split(";") if a.strip())}


class Organization(TimeStampedModel):
    """Any body a plan names: the ministry, one of its units, another ministry, a foreign partner,
    or a named group that stands for many units (`Các đơn vị thuộc Bộ`)."""

    kind = models.CharField(_("loại"), max_length=12, choices=OrgKind.choices, db_index=True)
    name = models.CharField(_("tên"), max_length=300)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    name_key = models.CharField(max_length=300, unique=True, editable=False)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    unit_type = models.CharField(_("loại đơn vị"), max_length=12, choices=UnitType.choices, blank=True)
    is_state_management = models.BooleanField(_("cơ quan quản lý nhà nước"), default=False)
    is_art_unit = models.BooleanField(_("đơn vị nghệ thuật"), default=False)
    is_training = models.BooleanField(_("cơ sở đào tạo"), default=False)
    group_rule = models.CharField(_("cách xác định thành viên"), max_length=20, choices=GroupRule.choices, blank=True)
    members = models.ManyToManyField("self", verbose_name=_("thành viên"), symmetrical=False, blank=True,
                                     related_name="member_of")
    country = models.ForeignKey(Country, verbose_name=_("quốc gia"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="organizations")
    partner_type = models.CharField(_("loại đối tác"), max_length=14, choices=PartnerType.choices, blank=True)
    document_code = models.CharField(_("ký hiệu trên văn bản"), max_length=30, blank=True,
                                     help_text=_("Ví dụ HTQT trong Số: 12/BC-HTQT"))
    place = models.CharField(_("địa danh ghi trên văn bản"), max_length=100, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    needs_review = models.BooleanField(_("cần xác nhận"), default=False,
                                       help_text=_("Tạo mới khi nhập kế hoạch; cần rà soát tên"))
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # A unit merged or renamed (the 2025 reorganisation): who carries on its obligations, history and reports.
    successor = models.ForeignKey("self", verbose_name=_("đơn vị kế thừa"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="predecessors")
    successor_since = models.DateField(_("kế thừa từ ngày"), null=True, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["kind", "position", "name"]
        # The latest saved unit is part of every kept page's key (plans.cache.portfolio_stamp).
        indexes = [models.Index(fields=["updated_at"], name="organization_updated_idx")]
        constraints = [
            models.CheckConstraint(
                name="group_has_rule", condition=~models.Q(kind="group") | ~models.Q(group_rule="")
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """The cleaned name and the keys computed from it (``save`` does it; a bulk insert calls it first)."""
        self.name = clean(self.name)
        self.name_key = name_key(self.name)
        self.search_text = fold(f"{self.name} {self.short_name}")

    def get_absolute_url(self) -> str:
        if self.kind == OrgKind.PARTNER:
            return reverse("organizations:partner_detail", args=[self.pk])
        return reverse("organizations:unit_detail", args=[self.pk])

    @property
    def is_group(self) -> bool:
        return self.kind == OrgKind.GROUP

    @property
    def display_code(self) -> str:
        return self.document_code or self.short_name or self.name


class OrganizationAlias(models.Model):
    """Another way a document writes an organisation's name (`Bộ VHTTDL`, `Cục HTQT`)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("tên gọi khác"), max_length=300)
    alias_key = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        self.alias = clean(self.alias)
        self.alias_key = name_key(self.alias)
