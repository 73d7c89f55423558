"""The rule book itself: every rule declared has a row in some app's table (``tests/test_rules.py``), and
the engine refuses as the book says."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.template import Context, Template

from kehoach.core.rules import actions_for, all_rules, may, require


def _tables() -> dict[str, list]:
    tables = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("kehoach."):
            continue
        try:
            tests = importlib.import_module(f"{config.name}.tests.test_rules")
        except ModuleNotFoundError:
            continue
        tables[config.label] = tests.TABLE
    return tables


def test_every_rule_in_the_book_has_a_row_in_a_table():
    covered = {case.rule for table in _tables().values() for case in table}
    missing = [r.name for r in all_rules() if r.name not in covered]
    assert not missing, f"rules with no row in any tests/test_rules.py TABLE: {missing}"
    unknown = covered - {r.name for r in all_rules()}
    assert not unknown, f"table rows naming rules that are not declared: {sorted(unknown)}"


def test_a_rule_lives_in_its_own_apps_rules_module():
    for declared in all_rules():
        app = declared.name.split(".")[0]
        module = declared.predicate.fn.__module__ if hasattr(declared.predicate, "fn") else ""
        assert module.startswith(f"kehoach.{app}.") or module.startswith("kehoach.core."), (declared.name, module)


def test_a_misspelt_rule_fails_loudly_in_code_and_in_templates(db, django_user_model):
    user = django_user_model.objects.create_user(username="x", password="pw-x", role="coordinator")
    with pytest.raises(ImproperlyConfigured):
        may(user, "plans.no_such_rule")
    with pytest.raises(ImproperlyConfigured):
        Template("{% if may.plans.no_such_rule %}x{% endif %}").render(Context({"may": actions_for(user)}))


def test_require_refuses_with_the_rules_own_message(db, django_user_model):
    viewer = django_user_model.objects.create_user(username="v", password="pw-v", role="viewer")
    with pytest.raises(PermissionDenied, match="Trang tổng hợp"):
        require(viewer, "plans.see_summary")
    require(django_user_model.objects.create_user(username="c", password="pw-c", role="coordinator"),
            "plans.see_summary")


def test_an_inactive_or_anonymous_user_may_do_nothing(db, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    inactive = django_user_model.objects.create_user(username="i", password="pw-i", role="coordinator",
                                                     is_active=False)
    assert not any(may(u, r.name, None) for u in (inactive, AnonymousUser()) for r in all_rules() if r.on is None)
