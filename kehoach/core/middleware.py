"""Everything requires sign-in (Django's LoginRequiredMiddleware; public views say @login_not_required),
and pages are in Vietnamese unless the user chose English."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import JsonResponse
from django.utils import translation


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's, with two local rules: the admin keeps its own sign-in page, and an htmx request from a
    signed-out browser gets a 401 instead of a login page pasted into part of the screen.

    Public views: the login page (Django marks it), healthz, the iCal feed, the language switch; the API
    (DRF views opt out and authenticate tokens themselves); static files are served before any view.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request.resolver_match, "namespace", "") == "admin":
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request"):
            return JsonResponse({"detail": "login required"}, status=401)
        return super().handle_no_permission(request, view_func)


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


class QueryCountMiddleware:
    """`X-Query-Count` on every response: the SQL statements the request ran. Installed only when
    KEHOACH_COUNT_QUERIES is set (by `kehoach bench --http`), so production pays nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connections

        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response.headers["X-Query-Count"] = str(count[0])
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not send: Permissions-Policy on every response, and
    ``Cache-Control: no-store`` on what a signed-in user sees and on the API, so no shared or browser cache
    keeps a copy of a unit's report after sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if (signed_in or request.path.startswith("/api/")) and not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
