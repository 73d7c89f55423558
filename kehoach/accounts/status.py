from django.db.models import Count

from .models import User


def counts() -> dict:
    return {
        "users": User.objects.filter(is_active=True).count(),
        "users_by_role": dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id"))),
    }
