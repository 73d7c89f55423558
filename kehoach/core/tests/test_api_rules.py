"""RulePermission: the API asks the rule book per action (object rules with the object), signed out is 401,
and a viewset that names no rule behaves as IsAuthenticated did."""

from __future__ import annotations

import pytest
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from kehoach.core.api import RulePermission

pytestmark = pytest.mark.django_db


class _Accounts(viewsets.ViewSet):
    """``list`` asks an object-less rule, ``retrieve`` a rule about the account it fetches."""

    rules = {"list": "plans.see_summary", "retrieve": "accounts.create_token"}

    def list(self, request):
        return Response({"ok": True})

    def retrieve(self, request, pk=None):
        from kehoach.accounts.models import User

        self.check_object_permissions(request, User.objects.get(pk=pk))
        return Response({"ok": True})


class _Open(viewsets.ViewSet):
    def list(self, request):
        return Response({"ok": True})


def _call(view_class, action, user=None, **kwargs):
    request = APIRequestFactory().get("/x/")
    if user is not None:
        force_authenticate(request, user=user)
    view = view_class.as_view({"get": action})
    return view(request, **kwargs)


def test_it_is_the_default_permission_class():
    assert _Open().get_permissions()[0].__class__ is RulePermission


def test_signed_out_is_401_whatever_the_rules(personas):
    assert _call(_Accounts, "list").status_code == 401
    assert _call(_Open, "list").status_code == 401


def test_an_action_is_refused_with_the_rules_message(personas):
    refused = _call(_Accounts, "list", personas.viewer)
    assert refused.status_code == 403
    assert "Trang tổng hợp" in str(refused.data["detail"])
    assert _call(_Accounts, "list", personas.coordinator).status_code == 200


def test_an_object_rule_is_asked_with_the_object(personas):
    me = personas.focal_a
    assert _call(_Accounts, "retrieve", me, pk=me.pk).status_code == 200
    refused = _call(_Accounts, "retrieve", me, pk=personas.focal_b.pk)
    assert refused.status_code == 403
    assert "mã truy cập API" in str(refused.data["detail"])


def test_a_viewset_naming_no_rule_lets_every_signed_in_user(personas):
    assert _call(_Open, "list", personas.viewer).status_code == 200


def test_the_api_settings_load_in_any_order_in_a_fresh_process(tmp_path):
    """DRF's checks may read the pagination class before anything imported the API views: the permission class
    must not be caught in that import (it was, on `kehoach check --deploy`)."""
    import os
    import subprocess
    import sys

    code = ("import django; django.setup()\nfrom rest_framework.settings import api_settings\n"
            "print(api_settings.DEFAULT_PAGINATION_CLASS.__name__, api_settings.DEFAULT_PERMISSION_CLASSES[0].__name__)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kehoach.settings", "KEHOACH_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["Pagination", "RulePermission"]
