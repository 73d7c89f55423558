"""The rule book: who may do what, each permission a named rule ``app.action`` declared once.

Every app declares its rules in its own ``rules.py`` (loaded when the app is ready)::

    # reporting/rules.py
    rule("reporting.approve_report", is_unit_head & owns_report & report_editable,
         refusal=gettext_lazy("Chỉ lãnh đạo đơn vị mới phê duyệt được báo cáo của đơn vị."))

- services call ``require(actor, "reporting.approve_report", report)`` (refused with the rule's message);
- views and templates ask ``actions_for(user, obj)``: a template reads ``can.reporting.approve_report`` and
  holds no role check of its own (``{% actions_for report as can %}``; ``may`` for object-less rules);
- the API asks the same rules through ``kehoach.core.permissions_api.RulePermission``.

Predicates are the ``rules`` package's (``rules.predicate``, combined with ``&``, ``|``, ``~``). The actor
``None`` is the system (the CLI, the demo, background jobs): only rules declared ``system=True`` let it act.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import rules as rules_package
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

predicate = rules_package.predicate
always_allow = rules_package.always_allow
always_deny = rules_package.always_deny


@dataclass(frozen=True)
class Rule:
    name: str                   # "app.action"
    predicate: Any              # a rules.Predicate: (user, obj) -> bool
    refusal: str | _StrPromise  # shown to the user when refused
    system: bool                # the system (actor None) may act under this rule
    on: tuple[type, ...] | None  # the object types the rule is about (None: no object)


_BOOK: dict[str, Rule] = {}
_DEFAULT_REFUSAL = gettext_lazy("Bạn không có quyền thực hiện thao tác này.")


def rule(name: str, pred, *, refusal: str | _StrPromise = "", system: bool = False,
         on: type | tuple[type, ...] | None = None) -> Rule:
    """Declare one rule. ``pred`` is a ``rules`` predicate or a plain ``(user, obj) -> bool`` function."""
    app, _, action = name.partition(".")
    if not app or not action or "." in action:
        raise ImproperlyConfigured(f"A rule is named app.action: {name!r}")
    if name in _BOOK:
        raise ImproperlyConfigured(f"Rule {name!r} is declared twice")
    if not isinstance(pred, rules_package.Predicate):
        pred = rules_package.predicate(pred)
    types = (on,) if isinstance(on, type) else on
    declared = Rule(name, pred, refusal or _DEFAULT_REFUSAL, system, types)
    _BOOK[name] = declared
    return declared


def get_rule(name: str) -> Rule:
    try:
        return _BOOK[name]
    except KeyError:
        # Not a KeyError: a misspelt rule in a template must fail loudly, not read as "no".
        raise ImproperlyConfigured(f"No rule named {name!r} in the rule book") from None


def all_rules() -> list[Rule]:
    return sorted(_BOOK.values(), key=lambda r: r.name)


def may(user, name: str, obj=None) -> bool:
    """Whether ``user`` (``None``: the system) may take the action ``name`` on ``obj``."""
    declared = get_rule(name)
    if user is None:
        return declared.system
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return False
    return bool(declared.predicate.test(user, obj))


def require(actor, name: str, obj=None, *, message: str | _StrPromise | None = None) -> None:
    """Refuse (PermissionDenied, with the rule's message) unless ``actor`` may take action ``name``."""
    if not may(actor, name, obj):
        raise PermissionDenied(message or get_rule(name).refusal)


class _AppActions:
    def __init__(self, actions: Actions, app: str):
        self._actions, self._app = actions, app

    def __getitem__(self, action: str) -> bool:
        return self._actions.may(f"{self._app}.{action}")

    def __getattr__(self, action: str) -> bool:
        if action.startswith("_"):
            raise AttributeError(action)
        return self[action]


class Actions:
    """What ``user`` may do to ``obj``, asked lazily and remembered: ``actions["reporting.approve_report"]``,
    in templates ``can.reporting.approve_report``."""

    def __init__(self, user, obj=None):
        self.user, self.obj = user, obj
        self._seen: dict[str, bool] = {}

    def may(self, name: str) -> bool:
        if name not in self._seen:
            self._seen[name] = may(self.user, name, self.obj)
        return self._seen[name]

    def __getitem__(self, key: str):
        if "." in key:
            return self.may(key)
        if not any(r.startswith(key + ".") for r in _BOOK):
            raise ImproperlyConfigured(f"No rules for app {key!r} in the rule book")
        return _AppActions(self, key)

    def __getattr__(self, key: str):
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __iter__(self) -> Iterator[str]:
        """The names of the rules about this object's type that the user may take (for the API and tests)."""
        for declared in all_rules():
            if self._about(declared) and self.may(declared.name):
                yield declared.name

    def _about(self, declared: Rule) -> bool:
        if self.obj is None:
            return declared.on is None
        return declared.on is not None and isinstance(self.obj, declared.on)


def actions_for(user, obj=None) -> Actions:
    """What the page may offer ``user`` for ``obj`` (``None``: the actions that need no object)."""
    return Actions(user, obj)
