"""The sign-in backend whose signed-in user comes with its unit and its count of unread notifications: every
page shows both in the menu, and loading them with the user saves two queries on each request."""

from django.contrib.auth import backends, get_user_model
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Notification


def _unread():
    unread = (Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True).order_by()
              .values("user").annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = (user_model._default_manager.select_related("unit")
                    .annotate(unread_notifications=_unread()).get(pk=user_id))
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
