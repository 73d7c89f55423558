"""Writes about people: notifications and their read state, API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from kehoach.core.permissions import require
from kehoach.core.services import audit_log

from .models import Notification, User


def notification_create(*, user: User, title: str, body: str = "", url: str = "") -> Notification:
    notification = Notification(user=user, title=title[:300], body=body, url=url[:500])
    notification.full_clean()
    notification.save()
    return notification


@transaction.atomic
def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def token_create(*, user: User, actor: User) -> Token:
    """A new API token for ``user``, replacing any old one (which stops working at once). Only for oneself.

    The audit entry is on the user and never holds the key."""
    require(actor is not None and actor.pk == user.pk, _("Chỉ chính người dùng mới tạo được mã truy cập API của mình."))
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    audit_log(actor=actor, action="accounts.token_create", obj=user, after={"replaced": replaced})
    return token
