"""Writes about people: notifications, and the security events of their accounts (tokens, passwords, the
second factor, lockouts), each audited."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from kehoach.core.rules import require
from kehoach.core.services import audit_log

from .models import Notification, User, new_feed_token
from .security import token_expires_at


def notification_create(*, user: User, title: str, body: str = "", url: str = "") -> Notification:
    notification = Notification(user=user, title=title[:300], body=body, url=url[:500])
    notification.full_clean()
    notification.save()
    return notification


@transaction.atomic
def notifications_mark_read(*, user: User) -> int:
    marked = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    if hasattr(user, "unread_notifications"):
        user.unread_notifications = 0  # the count loaded with the user (accounts.backends) for this request
    return marked


# -- security events -------------------------------------------------------------------------------------------


def tokens_revoke(*, user: User, reason: str, actor=None) -> int:
    """Delete the user's API tokens (sign-out, password change, a new token): each is a secret, not a record."""
    with transaction.atomic():
        count, _ = Token.objects.filter(user=user).delete()
        if count:
            audit_log(actor=actor or user, action="api_token_revoked", obj=user, message=reason)
    return count


@transaction.atomic
def token_create(*, user: User, actor: User) -> Token:
    """A new API token for ``user``, replacing any old one (which stops working at once). Only for oneself.
    It expires after KEHOACH_API_TOKEN_DAYS. The audit entry is on the user and never holds the key."""
    require(actor, "accounts.create_token", user)
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    audit_log(actor=actor, action="accounts.token_create", obj=user,
              after={"replaced": replaced, "expires_at": token_expires_at(token)})
    return token


def password_change(*, user: User, new_password: str) -> User:
    """Set a new password (already validated by the form); every API token of the user stops working."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password", "password_changed_at"])
        Token.objects.filter(user=user).delete()
        audit_log(actor=user, action="password_changed", obj=user)
    return user


def feed_token_rotate(*, user: User) -> User:
    """A new secret address for the user's iCal feed; the old address stops working at once."""
    with transaction.atomic():
        user.feed_token = new_feed_token()
        user.full_clean(validate_unique=False, exclude=["password"])
        user.save(update_fields=["feed_token"])
        audit_log(actor=user, action="feed_token_rotated", obj=user)
    return user


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The not-yet-confirmed device the enrolment page shows as a QR code (one per user, reused)."""
    require(user, "accounts.use_totp")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="kehoach", confirmed=False)


def totp_enable(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm enrolment with a first code from the app; from now on sign-in asks for a code."""
    require(user, "accounts.use_totp", device)
    with transaction.atomic():
        if not device.verify_token(token.strip()):
            audit_log(actor=user, action="totp_enable_failed", obj=user)
            raise ValidationError({"token": _("Mã xác thực không đúng hoặc đã hết hạn.")})
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        user.totp_enabled = True
        user.save(update_fields=["totp_enabled"])
        audit_log(actor=user, action="totp_enabled", obj=user)
    return device


def totp_disable(*, user: User, token: str) -> User:
    """Turn the second factor off (a current code is needed, so a borrowed session cannot do it)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None or not device.verify_token(token.strip()):
            audit_log(actor=user, action="totp_disable_failed", obj=user)
            raise ValidationError({"token": _("Mã xác thực không đúng hoặc đã hết hạn.")})
        TOTPDevice.objects.filter(user=user).delete()
        user.totp_enabled = False
        user.save(update_fields=["totp_enabled"])
        audit_log(actor=user, action="totp_disabled", obj=user)
    return user


def totp_verify(*, user: User, token: str) -> TOTPDevice | None:
    """The second step of sign-in: the device whose code matched, or None (audited either way)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    allowed, _info = device.verify_is_allowed()  # django-otp slows down repeated wrong codes
    ok = bool(allowed) and device.verify_token(token.strip())
    audit_log(actor=user, action="otp_verified" if ok else "otp_failed", obj=user)
    return device if ok else None


def lockout_release(*, actor: User, username: str, ip_address: str | None) -> int:
    """An administrator lifts a sign-in lockout early."""
    require(actor, "accounts.unlock_account")
    with transaction.atomic():
        count = AxesProxyHandler.reset_attempts(username=username, ip_address=ip_address or None)
        target = User.objects.filter(username=username).first()
        if target is not None:
            audit_log(actor=actor, action="login_unlocked", obj=target, message=f"IP: {ip_address}" if ip_address else "")
    return count
