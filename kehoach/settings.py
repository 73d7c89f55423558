"""kehoach settings: one module, read from the environment with strict parsing.

SQLite under KEHOACH_HOME by default (WAL, nothing to install); DATABASE_URL switches to PostgreSQL.
A bad value stops start-up with a message naming the variable.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("KEHOACH_TESTING", False)

KEHOACH_HOME = Path(env_str("KEHOACH_HOME", "var")).expanduser().resolve()
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_str("DATABASE_URL") and not TESTING:
        raise ImproperlyConfigured("SECRET_KEY must be set when running on PostgreSQL (DATABASE_URL)")
    # A per-installation key kept beside the database, so the embedded default needs no setup
    # and sessions survive restarts.
    _key_file = KEHOACH_HOME / "secret_key"
    try:
        if _key_file.exists():
            SECRET_KEY = _key_file.read_text().strip()
        else:
            from django.core.management.utils import get_random_secret_key

            KEHOACH_HOME.mkdir(parents=True, exist_ok=True)
            SECRET_KEY = get_random_secret_key()
            _key_file.write_text(SECRET_KEY)
            _key_file.chmod(0o600)
    except OSError:
        SECRET_KEY = "kehoach-insecure-fallback-key-not-for-production"

if DEBUG and env_str("DATABASE_URL") and not env_str("DATABASE_URL").startswith("sqlite"):
    # The debug pages show settings and SQL; on a shared production database that is a leak, not a convenience.
    raise ImproperlyConfigured("DEBUG=true is for development on SQLite; unset DEBUG when DATABASE_URL is set")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Served over HTTPS (behind a TLS proxy, or with secure cookies): redirect plain HTTP and ask browsers to
# remember it (HSTS). /healthz stays reachable over HTTP for load balancers.
_HTTPS = BEHIND_PROXY or SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp): scripts and styles only from our own static files; no inline
# script, no inline style, no eval. htmx's own indicator <style> is off (meta htmx-config in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's icons are data: SVGs in its CSS
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the application never uses.
PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
                      "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # kehoach.core first: its `db_worker` (django-tasks-db's worker plus a lease and a reaper) wins.
    "kehoach.core",
    "django_tasks",
    "django_tasks_db",
    "kehoach.accounts",
    "kehoach.organizations",
    "kehoach.workdays",
    "kehoach.plans",
    "kehoach.imports",
    "kehoach.reporting",
    "kehoach.documents",
    "kehoach.amendments",
    "kehoach.budgets",
    "kehoach.cooperation",
    "kehoach.unitplans",
    "kehoach.publicsite",
    "kehoach.site",  # top floor: demo, status and bench commands that wire the apps together
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kehoach.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kehoach.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kehoach.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kehoach.core.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# `kehoach bench --http` counts each request's SQL statements (a response header) and reaches its raw floors.
KEHOACH_BENCH = env_bool("KEHOACH_COUNT_QUERIES", False)
if KEHOACH_BENCH:
    MIDDLEWARE.insert(0, "kehoach.core.middleware.QueryCountMiddleware")

ROOT_URLCONF = "kehoach.urls"
WSGI_APPLICATION = "kehoach.wsgi.application"

# Every form field named by its label, even when a template shows the bare widget (accessibility).
FORM_RENDERER = "kehoach.core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kehoach.core.context_processors.navigation",
                "kehoach.core.context_processors.rulebook",
                "kehoach.accounts.context_processors.notifications",
            ],
            "builtins": ["kehoach.core.templatetags.kehoach"],
        },
    }
]


def _database_settings() -> dict:
    url = env_str("DATABASE_URL")
    if url:
        try:
            config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
                                           conn_health_checks=True)
        except Exception as exc:  # noqa: BLE001 - any parse failure is a configuration error
            raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
        if "postgresql" not in config["ENGINE"] and "sqlite" not in config["ENGINE"]:
            raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…) or SQLite")
        if "postgresql" in config["ENGINE"] and env_bool("DB_PREPARED_STATEMENTS", True):
            # Parameters bound by the server and a statement prepared once it has run 5 times on a connection
            # (psycopg's default; Django's is never): PostgreSQL then parses and plans a page's queries once
            # per connection, not on every request. One-off statements (migrations) are never prepared. Off for a
            # pooler in transaction mode that cannot keep prepared statements (PgBouncer before 1.21).
            config.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
        config.setdefault("TEST", {})
        if env_str("TEST_DATABASE_NAME"):
            config["TEST"]["NAME"] = env_str("TEST_DATABASE_NAME")
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": KEHOACH_HOME / "kehoach.sqlite3",
        # One connection per worker, kept: the pragmas below run once, not on every request.
        "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 600),
        "CONN_HEALTH_CHECKS": True,
        # WAL lets readers work while a writer commits; IMMEDIATE avoids lock upgrades failing mid-transaction.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
                            "PRAGMA cache_size=-32000; PRAGMA temp_store=MEMORY;",
            "transaction_mode": "IMMEDIATE",
        },
    }


DATABASES = {"default": _database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("KEHOACH_PASSWORD_MIN_LENGTH", 10)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every sign-in (the app's and the admin's) first: after KEHOACH_LOGIN_FAILURE_LIMIT wrong
# passwords for one username from one address, that pair is locked for KEHOACH_LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kehoach.accounts.backends.ModelBackend",  # Django's, loading the user with its unit
    # Sessions name the backend that signed them in: keeping Django's own listed lets sessions opened before
    # the upgrade stay valid (sign-ins go through the one above first).
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("KEHOACH_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KEHOACH_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kehoach.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "kehoach.accounts.security.client_ip"
AXES_VERBOSE = False
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("KEHOACH_LOGIN_FAILURE_LIMIT must be at least 1")
# API tokens stop working this many days after they were made (and at sign-out and password change).
KEHOACH_API_TOKEN_DAYS = env_int("KEHOACH_API_TOKEN_DAYS", 30)
# Roles that may turn on a second factor (TOTP) for their account.
KEHOACH_TOTP_ROLES = ("coordinator", "leadership")
OTP_TOTP_ISSUER = env_str("KEHOACH_TOTP_ISSUER", "kehoach")
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy everywhere, whatever the language.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["kehoach.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = KEHOACH_HOME / "static"
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it; collectstatic fills it
except OSError:
    pass
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names once `collectstatic` has run (kehoach serve does it first);
        # plain names before that, so a bare `runserver` or a test still renders pages.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("KEHOACH_STATIC_MANIFEST", False)
        or ((STATIC_ROOT / "staticfiles.json").exists() and not (DEBUG or TESTING))
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve from the package directories too, so a fresh install works before collectstatic.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = KEHOACH_HOME / "media"
MEDIA_URL = "/media/"

# Uploads: plans and report attachments.
KEHOACH_UPLOAD_MAX_BYTES = env_int("KEHOACH_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kehoach <no-reply@localhost>")
KEHOACH_SITE_URL = env_str("KEHOACH_SITE_URL", "http://127.0.0.1:8000")
try:
    KEHOACH_REMINDER_DAYS = tuple(int(d) for d in env_list("KEHOACH_REMINDER_DAYS", ["14", "7", "1"]))
except ValueError:
    raise ImproperlyConfigured("KEHOACH_REMINDER_DAYS must be whole numbers separated by commas, e.g. 14,7,1") from None

# Background jobs: the running worker renews a lease on its job; a job whose lease ran out (its worker died)
# is retried while it has attempts left (when its steps are idempotent), else failed with a message.
KEHOACH_JOB_LEASE_SECONDS = env_int("KEHOACH_JOB_LEASE_SECONDS", 60)
KEHOACH_JOB_ATTEMPTS = env_int("KEHOACH_JOB_ATTEMPTS", 2)
if KEHOACH_JOB_LEASE_SECONDS < 1 or KEHOACH_JOB_ATTEMPTS < 1:
    raise ImproperlyConfigured("KEHOACH_JOB_LEASE_SECONDS and KEHOACH_JOB_ATTEMPTS must be at least 1")

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The cache holds API throttling counters only (per process). Tests count nothing unless a test asks to.
# An audit entry with an action missing from kehoach.core.audit.ACTIONS is an error under tests (the history
# pages would have no label for it); in production it is written and shown as "Thao tác khác".
KEHOACH_AUDIT_STRICT = env_bool("KEHOACH_AUDIT_STRICT", TESTING)

# Per process: every kept figure and fragment is keyed on versions the database holds, so processes never need
# to tell each other anything. Room for a ministry's working set of plan pages and lists (the default of 300
# entries churns at a few hundred plans); a kept page table is up to ~70 KB, so 1,000 stay well under a worker's
# memory target.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache" if TESTING
                      else "django.core.cache.backends.locmem.LocMemCache",
                      "OPTIONS": {"MAX_ENTRIES": env_int("KEHOACH_CACHE_ENTRIES", 1000)}}}


def _api_rate(name: str, default: str) -> str:
    value = env_str(name, default)
    if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name} must look like 60/minute (a number, then /second, /minute, /hour or /day), "
                                   f"got {value!r}")
    return value


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a request without credentials gets 401 with WWW-Authenticate, not 403.
        "kehoach.accounts.security.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Per client address when signed out, per user when signed in (counted in each server process's cache).
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle",
                                 "rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": _api_rate("KEHOACH_API_RATE_ANON", "30/minute"),
                               "user": _api_rate("KEHOACH_API_RATE_USER", "600/minute")},
    "NUM_PROXIES": 1 if BEHIND_PROXY else None,
    # Signed in (else 401), then the rule book for the actions a viewset names in its `rules` (kehoach.core.api).
    "DEFAULT_PERMISSION_CLASSES": ["kehoach.core.permissions_api.RulePermission"],
    "DEFAULT_PAGINATION_CLASS": "kehoach.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON with a nesting limit (a deep body is a 400, not a RecursionError); forms as DRF has them.
    "DEFAULT_PARSER_CLASSES": ["kehoach.core.parsers.BoundedJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_FILTER_BACKENDS": [],
    "EXCEPTION_HANDLER": "kehoach.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "kehoach API",
    "DESCRIPTION": "Plans, tasks, units, partners and reporting of a ministry.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema and its docs describe every endpoint: for signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # A task's progress and a report entry's status are the same set of values: one name for it.
    "ENUM_NAME_OVERRIDES": {"TaskProgressEnum": "kehoach.plans.choices.TaskProgress"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
