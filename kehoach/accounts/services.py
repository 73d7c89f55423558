"""Writes about people: notifications and their read state."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Notification, User


def notification_create(*, user: User, title: str, body: str = "", url: str = "") -> Notification:
    notification = Notification(user=user, title=title[:300], body=body, url=url[:500])
    notification.full_clean()
    notification.save()
    return notification


@transaction.atomic
def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
