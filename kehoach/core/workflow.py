"""A small declarative workflow engine: one table of transitions per workflow model.

    REPORT_FLOW = Workflow(UnitReport, "state", [
        Transition("approve", source="draft", target="approved", rule="reporting.approve_report",
                   audit="reporting.report_approved", notify=_tell_coordinator),
    ], version_field="version", history=_record_transition, select_related=("period", "unit"))
    report = REPORT_FLOW.apply(report, "approve", actor=user, version=version_read)

``apply`` locks the row (and re-reads it), checks the source state, the version the user read, the rule
(from the rule book, ``kehoach.core.rules``) and a required reason; moves the state, sets the extra fields,
saves, writes the history row, the audit entry and the notifications — once, here. The caller's service
does what is particular to its workflow before or after (checks on the content, side effects).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .rules import may, require
from .services import audit_log, snapshot

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # a lazy translation (gettext_lazy)


def locked(obj, *related: str):
    """``obj``'s row locked for this transaction and read afresh (with ``related`` joined): the one way a
    service takes a row it is about to change."""
    qs = type(obj)._default_manager.select_for_update(of=("self",))
    return (qs.select_related(*related) if related else qs).get(pk=obj.pk)


@dataclass(frozen=True)
class Transition:
    name: str
    source: str | tuple[str, ...]
    target: str
    rule: str                       # a rule-book name, "app.action": (actor, obj) -> allowed
    audit: str                      # the registered audit action (kehoach.core.audit)
    refusal: str | _StrPromise = ""  # overrides the rule's own message
    reason_required: bool = False
    reason_field: str = "comment"   # where the reason is stored on the object (if it has that field)
    reason_error_field: str = ""    # the form field a missing reason is reported on (default reason_field)
    reason_message: str | _StrPromise = ""
    notify: Callable[[Any, Any], None] | None = None  # (obj, actor): who hears of it

    def starts_from(self, state: str) -> bool:
        return state in ((self.source,) if isinstance(self.source, str) else self.source)


class Workflow:
    def __init__(self, model, state_field: str, transitions: Iterable[Transition], *,
                 audit_fields: list[str] | None = None, version_field: str | None = None,
                 stale: Callable[[Any], ValidationError] | None = None,
                 history: Callable[..., None] | None = None, select_related: tuple[str, ...] = (),
                 state_error: Callable[[Any, Transition], ValidationError] | None = None):
        self.model = model
        self.state_field = state_field
        self.transitions = {t.name: t for t in transitions}
        self.audit_fields = audit_fields
        self.version_field = version_field
        self.stale = stale
        self.history = history
        self.select_related = select_related
        self.state_error = state_error

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def lock(self, obj):
        """The row, locked for this transaction and read afresh (another request may have moved it)."""
        return locked(obj, *self.select_related)

    def allowed(self, obj, name: str, actor) -> bool:
        """Whether ``actor`` may take ``name`` from the object's state now (a button to show)."""
        transition = self.transitions[name]
        return transition.starts_from(getattr(obj, self.state_field)) and may(actor, transition.rule, obj)

    def available(self, obj, actor) -> list[Transition]:
        """The transitions this actor may take now (what the page offers as buttons)."""
        return [t for t in self.transitions.values() if self.allowed(obj, t.name, actor)]

    def apply(self, obj, name: str, *, actor, reason: str = "", extra: dict | None = None,
              version: int | None = None, lock: bool = True, message: str | None = None):
        """Check and take one transition; ``extra`` fields are set on the object with the new state.
        Returns the (locked, saved) object. ``message`` is the audit text when it is not the reason."""
        transition = self.transitions[name]
        with transaction.atomic():
            if lock:
                obj = self.lock(obj)
            if version is not None and self.version_field and getattr(obj, self.version_field) != version:
                raise (self.stale(obj) if self.stale else ValidationError(
                    _("Nội dung đã được người khác cập nhật; hãy tải lại trang."), code="stale"))
            source = getattr(obj, self.state_field)
            if not transition.starts_from(source):
                raise (self.state_error(obj, transition) if self.state_error else ValidationError(
                    _("Thao tác này không thực hiện được ở trạng thái hiện tại.")))
            require(actor, transition.rule, obj, message=transition.refusal or None)
            reason = (reason or "").strip()
            if transition.reason_required and not reason:
                raise ValidationError({transition.reason_error_field or transition.reason_field:
                                       transition.reason_message or _("Hãy nêu ý kiến hoặc lý do.")})
            before = snapshot(obj, self.audit_fields)
            setattr(obj, self.state_field, transition.target)
            if reason and transition.reason_field and hasattr(obj, transition.reason_field):
                setattr(obj, transition.reason_field, reason)
            for key, value in (extra or {}).items():
                setattr(obj, key, value)
            if self.version_field:
                setattr(obj, self.version_field, getattr(obj, self.version_field) + 1)
            obj.full_clean()
            obj.save()
            if self.history is not None:
                self.history(obj, actor=actor, source=source, target=transition.target, reason=reason)
            audit_log(actor=actor, action=transition.audit, obj=obj, before=before,
                      after=snapshot(obj, self.audit_fields), message=reason if message is None else message)
            if transition.notify is not None:
                transition.notify(obj, actor)
        return obj
