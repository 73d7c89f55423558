"""API tokens: issued through a service, audited without the key, only for oneself."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token

from kehoach.accounts.services import token_create
from kehoach.core.models import AuditEntry


def test_the_profile_page_issues_a_new_token_and_the_old_one_stops_working(client, personas):
    client.force_login(personas.focal_a)
    client.post(reverse("accounts:token_create"))
    first = Token.objects.get(user=personas.focal_a).key
    client.post(reverse("accounts:token_create"))
    second = Token.objects.get(user=personas.focal_a).key
    assert first != second
    api = client.__class__()
    assert api.get("/api/plans/", HTTP_AUTHORIZATION=f"Token {first}").status_code in (401, 403)
    assert api.get("/api/plans/", HTTP_AUTHORIZATION=f"Token {second}").status_code == 200
    entries = AuditEntry.objects.filter(action="accounts.token_create", object_id=str(personas.focal_a.pk))
    assert entries.count() == 2
    assert all(first not in str(e.after) and second not in str(e.after) for e in entries)


def test_nobody_issues_a_token_for_someone_else(personas):
    with pytest.raises(PermissionDenied):
        token_create(user=personas.focal_a, actor=personas.coordinator)
    assert not Token.objects.filter(user=personas.focal_a).exists()
    assert not AuditEntry.objects.filter(action="accounts.token_create").exists()
