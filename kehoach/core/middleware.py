"""Everything requires sign-in, except the few pages listed here."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils import translation

PUBLIC_PREFIXES = ("/accounts/login", "/static/", "/healthz", "/i18n/", "/calendar/feed/")


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if request.user.is_authenticated or path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        if path.startswith("/api/"):
            # DRF authenticates tokens itself and answers 401/403 in JSON.
            return self.get_response(request)
        if path.startswith("/admin/"):
            return self.get_response(request)
        if request.headers.get("HX-Request"):
            return JsonResponse({"detail": "login required"}, status=401)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class LanguageMiddleware:
    """Vietnamese unless the user chose otherwise (the language cookie); the browser's language is ignored,
    because officers' browsers are often set to English while the ministry works in Vietnamese."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
