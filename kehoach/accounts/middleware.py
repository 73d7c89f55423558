"""The second factor: an account with TOTP on is only half signed in until it has given a code."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

ALLOWED_PREFIXES = ("/static/", "/i18n/", "/healthz")


class SecondFactorMiddleware:
    """Whatever the way in (our sign-in page or the admin's), a user with TOTP on whose session has not given
    a code sees only the code page and sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.totp_enabled and not user.is_verified():
            otp_url, logout_url = reverse("accounts:login_otp"), reverse("accounts:logout")
            path = request.path
            if not (path in (otp_url, logout_url) or path.startswith(ALLOWED_PREFIXES)):
                if path.startswith("/api/") or request.headers.get("HX-Request"):
                    return JsonResponse({"detail": _("Cần nhập mã xác thực hai bước.")}, status=403)
                return redirect(f"{otp_url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
