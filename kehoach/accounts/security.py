"""Sign-in plumbing: the client address django-axes counts by, and API tokens that expire."""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


def client_ip(request) -> str | None:
    """The address a request came from (None when there is none, e.g. a test's force_login). Behind the
    reverse proxy (BEHIND_PROXY), the proxy appends the real client to X-Forwarded-For: the right-most entry
    is the one a client cannot forge."""
    candidate = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            candidate = forwarded[-1]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None  # stored in an IP address column: nothing rather than a made-up value


def token_expires_at(token):
    return token.created + timedelta(days=settings.KEHOACH_API_TOKEN_DAYS)


def token_is_valid(token) -> bool:
    changed = token.user.password_changed_at
    return token_expires_at(token) > timezone.now() and not (changed and token.created < changed)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, refused once KEHOACH_API_TOKEN_DAYS old or older than the user's last password change
    (sign-out and password changes also delete it: accounts.services.tokens_revoke)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expires_at(token) <= timezone.now():
            raise AuthenticationFailed(_("Mã truy cập API đã hết hạn; hãy tạo mã mới ở trang Tài khoản."))
        if user.password_changed_at and token.created < user.password_changed_at:
            raise AuthenticationFailed(_("Mã truy cập API không còn hiệu lực vì mật khẩu đã được đổi."))
        return user, token
