"""Who may read what: the one draft rule, and the registry of each model family's "visible to" queryset.

The rule (issue 15): a unit's draft — a unit report and its entries, a budget line, an amendment proposal,
a yearly unit plan — is visible only to that unit (and to the person who filed it on the unit's behalf) until
it has been sent once. After that, the roles that see every unit (coordinator, finance, leadership and
superusers) see it too. Each app states *what "sent" means* for its model with ``draft_rule`` and registers its
``<model>s_visible_to(user)`` with ``register``; every selector, page, API, export, document and audit view goes
through those querysets. The audit log filters entries by the visibility of their object with
``audit_entries_visible``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.module_loading import autodiscover_modules

NOTHING = Q(pk__in=[])

# "app_label.model" -> callable(user) -> QuerySet of the objects the user may read.
VISIBLE: dict[str, Callable] = {}


def register(model_label: str):
    """Declare ``func(user) -> QuerySet`` as the one visibility rule of a model (``"budgets.budgetline"``)."""

    def decorator(func):
        VISIBLE[model_label.lower()] = func
        return func

    return decorator


def draft_rule(user, *, sent: Q, unit_field: str = "unit_id", creator_field: str | None = None) -> Q:
    """The draft rule as a condition: a unit member reads its own unit's objects in any state; the roles that
    see every unit read those that were ``sent`` (and the ones they filed themselves); anyone else nothing."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if getattr(user, "is_unit_member", False):
        return Q(**{unit_field: user.unit_id})
    if getattr(user, "sees_all_units", False):
        own = Q(**{creator_field: user.pk}) if creator_field else NOTHING
        return sent | own
    return NOTHING


_discovered = False


def _discover() -> None:
    """Every app registers its rules in its ``selectors`` module: import them all once (Django's admin-style
    autodiscovery, so core names no app)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("selectors")
        _discovered = True


def rules() -> dict[str, Callable]:
    _discover()
    return VISIBLE


def visible(user, model_label: str) -> QuerySet:
    return rules()[model_label.lower()](user)


def audit_entries_visible(user, entries: QuerySet) -> QuerySet:
    """Audit entries whose object the user may read through its model's registered rule (entries of models
    without a rule are not drafts of anyone's and stay). One SQL query whatever the number of entries."""
    models = {}
    for label, func in rules().items():
        try:
            models[apps.get_model(label)] = func
        except LookupError:
            continue
    # One query for the content types not cached yet (the count stays the same on a cold process).
    types = ContentType.objects.get_for_models(*models, for_concrete_models=True)
    for model, func in models.items():
        ct = types[model]
        ids = func(user).order_by().annotate(_audit_id=Cast("pk", CharField())).values("_audit_id")
        entries = entries.exclude(Q(content_type_id=ct.pk) & ~Q(object_id__in=ids))
    return entries
