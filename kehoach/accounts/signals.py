"""Security events that Django and django-axes announce: each one goes into the audit log."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from kehoach.core.services import audit_log

from .models import User
from .security import client_ip
from .services import tokens_revoke


def _where(request) -> str:
    # Shown as is on the history pages: "IP: 1.2.3.4", nothing when unknown (never "ip=None").
    ip = client_ip(request) if request is not None else None
    return f"IP: {ip}" if ip else ""


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    audit_log(actor=user, action="login", obj=user, message=_where(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    audit_log(actor=user, action="logout", obj=user, message=_where(request))
    tokens_revoke(user=user, reason="logout")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    user = User.objects.filter(username=credentials.get("username", "")).first()
    if user is not None:  # unknown names are in django-axes' own attempt log
        audit_log(actor=None, action="login_failed", obj=user, message=_where(request))


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    target = User.objects.filter(username=username or "").first() or AccessAttempt.objects.filter(
        username=username, ip_address=ip_address).order_by("-attempt_time").first()
    if target is not None:
        audit_log(actor=None, action="login_locked_out", obj=target, message=f"IP: {ip_address}" if ip_address else "")
