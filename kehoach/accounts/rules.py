"""The accounts app's rule book (``kehoach.core.rules``): one's own API token and second factor, and the
administrators' unlocking of sign-in lockouts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kehoach.core.rules import rule

from .models import User


def may_create_token(user, owner) -> bool:
    """An API token is only ever issued to oneself."""
    return owner is not None and user.pk == owner.pk


def may_use_totp(user, device) -> bool:
    """Coordinator and leadership accounts (and administrators) may turn on a second factor, on their own
    device (``device`` None: the account as such)."""
    return bool(user.may_use_totp) and (device is None or device.user_id == user.pk)


def may_unlock_account(user) -> bool:
    return bool(user.is_administrator)


rule("accounts.create_token", may_create_token, on=User,
     refusal=_("Chỉ chính người dùng mới tạo được mã truy cập API của mình."))
rule("accounts.use_totp", may_use_totp, refusal=_("Tài khoản này không dùng xác thực hai bước."))
rule("accounts.unlock_account", may_unlock_account, refusal=_("Chỉ quản trị viên mới được mở khóa tài khoản."))
