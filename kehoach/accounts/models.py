"""People who sign in: each has one role and, for unit roles, belongs to one unit."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kehoach.core.text import fold

from .choices import Role


def sort_key(name: str) -> str:
    """Alphabetical order of Vietnamese names: by given name (the last word), then the whole name."""
    words = " ".join((name or "").split()).split(" ")
    return f"{fold(words[-1])} {fold(' '.join(words))}".strip()[:420]


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    """A ministry officer: leadership, the coordinating department, finance, a unit's focal point or head, or a viewer."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("đơn vị"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    # One field, as Vietnamese write a name: family, middle, given ("Nguyễn Thị Lan").
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    # Lists sort by given name, then the whole name (folded): "Lan" before "Minh" whatever the family name.
    name_sort = models.CharField(max_length=420, blank=True, editable=False, db_index=True)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    feed_token = models.CharField(_("mã lịch iCal"), max_length=64, unique=True, default=new_feed_token)
    password_changed_at = models.DateTimeField(_("đổi mật khẩu lúc"), null=True, blank=True, editable=False)
    # Kept in step with a confirmed TOTP device by accounts.services, so checking it costs no query.
    totp_enabled = models.BooleanField(_("xác thực hai bước"), default=False, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                name="unit_roles_have_unit",
                condition=~models.Q(role__in=["focal_point", "unit_head"]) | models.Q(unit__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The name as Vietnamese write it: the full-name field, else family (last_name) before given."""
        return " ".join(self.full_name.split()) or " ".join(
            x for x in (self.last_name.strip(), self.first_name.strip()) if x)

    def get_short_name(self) -> str:
        """The given name (tên): the last word of the full name."""
        words = self.get_full_name().split()
        return words[-1] if words else self.username

    def save(self, *args, **kwargs):
        if not self.full_name.strip():
            self.full_name = self.get_full_name()
        self.name_sort = sort_key(self.get_full_name() or self.username)
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"name_sort"}
        super().save(*args, **kwargs)

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        # API tokens made before this moment stop working (accounts.security.ExpiringTokenAuthentication).
        self.password_changed_at = timezone.now()

    def set_password_hash(self, encoded: str) -> None:
        """``set_password`` with a password already hashed (the demo accounts' shared one)."""
        self.password = encoded
        self.password_changed_at = timezone.now()

    # Role predicates: the one place that says what a role means.
    @property
    def is_leadership(self) -> bool:
        return self.role == Role.LEADERSHIP

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_finance(self) -> bool:
        return self.role == Role.FINANCE

    @property
    def is_unit_member(self) -> bool:
        return self.role in (Role.FOCAL_POINT, Role.UNIT_HEAD) and self.unit_id is not None

    @property
    def is_focal_point(self) -> bool:
        return self.role == Role.FOCAL_POINT

    @property
    def is_unit_head(self) -> bool:
        return self.role == Role.UNIT_HEAD

    @property
    def sees_all_units(self) -> bool:
        """Leadership, the coordinator and finance see every unit's submitted work."""
        return self.role in (Role.LEADERSHIP, Role.COORDINATOR, Role.FINANCE) or self.is_superuser

    @property
    def may_use_totp(self) -> bool:
        """Coordinator and leadership accounts (and administrators) may turn on a second factor."""
        return self.role in settings.KEHOACH_TOTP_ROLES or self.is_superuser

    @property
    def is_administrator(self) -> bool:
        """Runs the installation: unlocks accounts, sees the admin."""
        return self.is_superuser or self.is_staff

    @property
    def can_manage_plans(self) -> bool:
        """Import, correct and publish plans: the coordinating department (and superusers)."""
        return self.role == Role.COORDINATOR or self.is_superuser


class Notification(models.Model):
    """An in-app message to one person (a reminder, a returned report, a decision)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
