"""Accounts under attack: lockout after repeated failures (the admin's sign-in too), API throttling, password
rules and changes, tokens that expire and die at sign-out or password change, the iCal address rotated, and
TOTP for coordinator and leadership accounts."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from kehoach.core.models import AuditEntry

LOGIN = "/accounts/login/"


def actions(user) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=str(user.pk), content_type__model="user")
                .order_by("id").values_list("action", flat=True))


def fail(client, username, times, url=LOGIN):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong-password"})
    return response


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client, personas):
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    first = fail(client, "focal_a", 4)
    assert first.status_code == 200 and "không đúng" in first.content.decode()
    locked = fail(client, "focal_a", 1)
    page = locked.content.decode()
    assert locked.status_code == 429 and 'data-testid="locked-out"' in page
    assert "tạm khóa" in page and "15 phút" in page and "focal_a" in page
    # Even the right password is refused while locked; another user from the same address is not affected.
    right = client.post(LOGIN, {"username": "focal_a", "password": "pw-focal_a"})
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    assert client.post(LOGIN, {"username": "focal_b", "password": "pw-focal_b"}).status_code == 302
    assert actions(personas.focal_a).count("login_failed") >= 5
    assert "login_locked_out" in actions(personas.focal_a)


def test_the_admin_sign_in_is_locked_too(client, personas, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.gov.vn", "pw-root-Long-1")
    locked = fail(client, "root", 5, url="/admin/login/")
    assert locked.status_code == 429 and "tạm khóa" in locked.content.decode()
    assert client.post("/admin/login/", {"username": "root", "password": "pw-root-Long-1"}).status_code == 429


def test_an_administrator_unlocks_from_the_lockouts_page(client, personas, django_user_model):
    fail(client, "focal_a", 5)
    admin = django_user_model.objects.create_superuser("root", "root@example.gov.vn", "pw-root-Long-1")
    other = Client()
    other.force_login(personas.coordinator)
    assert other.get(reverse("accounts:lockouts")).status_code == 404  # not an administrator
    boss = Client()
    boss.force_login(admin)
    page = boss.get(reverse("accounts:lockouts")).content.decode()
    assert "focal_a" in page and "127.0.0.1" in page
    boss.post(reverse("accounts:lockouts"), {"username": "focal_a", "ip_address": "127.0.0.1"})
    assert client.post(LOGIN, {"username": "focal_a", "password": "pw-focal_a"}).status_code == 302
    assert "login_unlocked" in actions(personas.focal_a)


def test_api_is_throttled_per_user(client, personas, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "cache", LocMemCache("throttle-test", {}))
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "5/minute", "anon": "2/minute"})
    client.force_login(personas.focal_a)
    codes = [client.get("/api/plans/").status_code for _ in range(7)]
    assert codes == [200] * 5 + [429, 429]
    other = Client()
    other.force_login(personas.focal_b)
    assert other.get("/api/plans/").status_code == 200  # counted per user


def test_throttle_rates_come_from_the_environment():
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {"anon": "30/minute", "user": "600/minute"}
    assert set(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]) == {
        "rest_framework.throttling.AnonRateThrottle", "rest_framework.throttling.UserRateThrottle"}


def test_all_four_password_validators_are_on():
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert names == {"UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
                     "NumericPasswordValidator"}


@pytest.mark.parametrize("weak", ["1234567890123", "password123", "focal_a_2025", "short"])
def test_change_password_refuses_weak_passwords(client, personas, weak):
    client.force_login(personas.focal_a)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": "pw-focal_a", "new_password1": weak, "new_password2": weak})
    assert response.status_code == 200 and "text-danger" in response.content.decode()
    personas.focal_a.refresh_from_db()
    assert personas.focal_a.check_password("pw-focal_a")


def test_change_password_keeps_this_session_and_ends_api_tokens(client, personas):
    user = personas.focal_a
    token = Token.objects.create(user=user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/plans/").status_code == 200
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "pw-focal_a", "new_password1": "Mùa-thu-Hà-Nội-2026", "new_password2": "Mùa-thu-Hà-Nội-2026"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in here
    assert api.get("/api/plans/").status_code == 401
    assert not Token.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert user.check_password("Mùa-thu-Hà-Nội-2026") and "password_changed" in actions(user)


def test_a_token_older_than_a_password_set_elsewhere_is_refused(personas):
    user = personas.focal_a
    token = Token.objects.create(user=user)
    user.set_password("Another-long-Passphrase-9")  # e.g. by an administrator in the admin
    user.save()
    response = Client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/plans/")
    assert response.status_code == 401 and "mật khẩu" in response.json()["detail"]


def test_tokens_expire(personas, settings):
    token = Token.objects.create(user=personas.focal_a)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/plans/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=settings.KEHOACH_API_TOKEN_DAYS,
                                                                                 minutes=1))
    response = api.get("/api/plans/")
    assert response.status_code == 401 and "hết hạn" in response.json()["detail"]


def test_sign_out_revokes_the_api_token(client, personas):
    client.force_login(personas.focal_a)
    client.post(reverse("accounts:token_create"))
    token = Token.objects.get(user=personas.focal_a)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert token.key in profile and "dùng được đến" in profile
    client.post(reverse("accounts:logout"))
    assert not Token.objects.filter(user=personas.focal_a).exists()
    assert Client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/plans/").status_code == 401
    assert {"accounts.token_create", "logout", "api_token_revoked"} <= set(actions(personas.focal_a))


def test_the_owner_rotates_the_ical_address(client, personas):
    user = personas.focal_a
    old_url = reverse("calendar_feed", args=[user.feed_token])
    anonymous = Client()
    assert anonymous.get(old_url).status_code == 200
    client.force_login(user)
    client.post(reverse("accounts:feed_token_rotate"))
    user.refresh_from_db()
    assert anonymous.get(old_url).status_code == 404
    assert anonymous.get(reverse("calendar_feed", args=[user.feed_token])).status_code == 200
    assert user.feed_token in client.get(reverse("accounts:profile")).content.decode()
    assert "feed_token_rotated" in actions(user)


# -- TOTP ------------------------------------------------------------------------------------------------------


def code(device, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enable_totp(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get(reverse("accounts:totp_setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("accounts:totp_setup"), {"token": "000000" if code(device) != "000000"
                                                        else "111111"}).status_code == 400
    assert client.post(reverse("accounts:totp_setup"), {"token": code(device)}).status_code == 302
    device.refresh_from_db()
    user.refresh_from_db()
    assert device.confirmed and user.totp_enabled
    return device


def test_only_coordinator_and_leadership_may_turn_on_totp(client, personas):
    client.force_login(personas.focal_a)
    assert client.get(reverse("accounts:totp_setup")).status_code == 404
    assert 'data-testid="totp"' not in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(personas.leader)
    assert client.get(reverse("accounts:totp_setup")).status_code == 200


def test_with_totp_on_sign_in_asks_for_a_code(client, personas):
    user = personas.coordinator
    device = enable_totp(client, user)
    assert "totp_enabled" in actions(user)
    client.post(reverse("accounts:logout"))

    response = client.post(LOGIN, {"username": "coordinator", "password": "pw-coordinator", "next": "/plans/"})
    assert response.status_code == 302
    page = client.get("/plans/")
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:login_otp"))
    assert client.get("/api/plans/").status_code == 403
    wrong = client.post(reverse("accounts:login_otp"), {"token": "12345", "next": "/plans/"})
    assert wrong.status_code == 400
    ok = client.post(reverse("accounts:login_otp"), {"token": code(device, steps_ahead=1), "next": "/plans/"})
    assert ok.status_code == 302 and ok["Location"] == "/plans/"
    assert client.get("/plans/").status_code == 200
    assert "otp_verified" in actions(user)


def test_the_admin_sign_in_also_needs_the_code(client, personas):
    user = personas.leader
    user.is_staff = user.is_superuser = True
    user.save()
    enable_totp(client, user)
    client.post(reverse("accounts:logout"))
    assert client.post("/admin/login/?next=/admin/", {"username": "leader", "password": "pw-leader"}).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login_otp"))


def test_turning_totp_off_needs_a_current_code(client, personas):
    user = personas.coordinator
    device = enable_totp(client, user)
    client.post(reverse("accounts:totp_disable"), {"token": "999999" if code(device, steps_ahead=1) != "999999"
                                                   else "888888"})
    user.refresh_from_db()
    assert user.totp_enabled
    client.post(reverse("accounts:totp_disable"), {"token": code(device, steps_ahead=1)})
    user.refresh_from_db()
    assert not user.totp_enabled and not TOTPDevice.objects.filter(user=user).exists()
    assert "totp_disabled" in actions(user)


def test_the_address_counted_is_the_one_the_proxy_saw(rf, settings):
    from kehoach.accounts.security import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.5"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.7"  # the entry the proxy appended, not the one the client forged
    assert client_ip(rf.get("/", REMOTE_ADDR="")) is None
