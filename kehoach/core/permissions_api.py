"""The API's permission class, in a module of its own: DRF's settings import it while ``rest_framework.views``
is still loading (its schemas read DEFAULT_PERMISSION_CLASSES), so it must not import that module."""

from rest_framework.permissions import IsAuthenticated

from .rules import get_rule, may


class RulePermission(IsAuthenticated):
    """The API asks the rule book, as the pages and services do (the default permission class).

    Signed out: 401, as ``IsAuthenticated``. A viewset names the rule of each action it guards::

        class ReportViewSet(viewsets.ReadOnlyModelViewSet):
            rules = {"submit": "reporting.submit_report", "approve": "reporting.approve_report"}

    A rule about an object (declared ``on=``) is asked with the object, when the action fetches it
    (``get_object``); a rule without one is asked before the action runs. A refusal answers 403 with the rule's
    message. Actions (and viewsets) that name no rule are allowed to every signed-in user, as before.
    """

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        name = self._rule_of(view)
        if name is None or get_rule(name).on is not None:
            return True
        return self._ask(request.user, name, None)

    def has_object_permission(self, request, view, obj) -> bool:
        name = self._rule_of(view)
        if name is None or get_rule(name).on is None:
            return True
        return self._ask(request.user, name, obj)

    def _ask(self, user, name: str, obj) -> bool:
        if may(user, name, obj):
            return True
        self.message = str(get_rule(name).refusal)  # DRF's 403 detail
        return False

    @staticmethod
    def _rule_of(view) -> str | None:
        return (getattr(view, "rules", None) or {}).get(getattr(view, "action", None))
