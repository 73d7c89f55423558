"""A small declarative workflow engine: one table of transitions per workflow model.

    EXTENSION_FLOW = Workflow("state", [
        Transition("approve", source="pending", target="approved", rule=may_decide,
                   audit="plans.extension_approve", refusal=_("…")),
    ])
    EXTENSION_FLOW.apply(extension, "approve", actor=user, reason=comment)

The engine checks the source state, the rule and a required reason once, moves the state, saves and writes
the audit entry; the caller's service wraps it in its transaction and does what is particular (side effects).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .permissions import require
from .services import audit_log, snapshot

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # a lazy translation (gettext_lazy)


@dataclass(frozen=True)
class Transition:
    name: str
    source: str | tuple[str, ...]
    target: str
    rule: Callable[[object, object], bool]  # (actor, obj) -> allowed
    audit: str
    refusal: str | _StrPromise = ""
    reason_required: bool = False
    reason_field: str = "comment"

    def starts_from(self, state: str) -> bool:
        return state in ((self.source,) if isinstance(self.source, str) else self.source)


class Workflow:
    def __init__(self, state_field: str, transitions: list[Transition], *, audit_fields: list[str] | None = None):
        self.state_field = state_field
        self.transitions = {t.name: t for t in transitions}
        self.audit_fields = audit_fields

    def available(self, obj, actor) -> list[Transition]:
        """The transitions this actor may take now (what the page offers as buttons)."""
        state = getattr(obj, self.state_field)
        return [t for t in self.transitions.values() if t.starts_from(state) and t.rule(actor, obj)]

    def apply(self, obj, name: str, *, actor, reason: str = "", extra: dict | None = None):
        """Check and take one transition; ``extra`` fields are set on the object with the new state."""
        transition = self.transitions[name]
        if not transition.starts_from(getattr(obj, self.state_field)):
            raise ValidationError(_("Thao tác này không thực hiện được ở trạng thái hiện tại."))
        require(transition.rule(actor, obj), transition.refusal or _("Bạn không có quyền thực hiện thao tác này."))
        reason = (reason or "").strip()
        if transition.reason_required and not reason:
            raise ValidationError({transition.reason_field: _("Hãy nêu ý kiến hoặc lý do.")})
        before = snapshot(obj, self.audit_fields)
        setattr(obj, self.state_field, transition.target)
        if hasattr(obj, transition.reason_field) and reason:
            setattr(obj, transition.reason_field, reason)
        for key, value in (extra or {}).items():
            setattr(obj, key, value)
        obj.full_clean()
        obj.save()
        audit_log(actor=actor, action=transition.audit, obj=obj, before=before,
                  after=snapshot(obj, self.audit_fields), message=reason)
        return obj
