from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kehoach.cooperation import views as cooperation_views
from kehoach.core import views as core_views
from kehoach.documents import views as documents_views
from kehoach.organizations import urls as organizations_urls
from kehoach.plans import organization_views
from kehoach.publicsite import urls as public_urls
from kehoach.reporting import urls as reporting_urls

# The urging letter is built by documents (the top floor) but linked as a reporting page; reporting may not
# import documents, so the wiring is done here.
reporting_patterns = [
    *reporting_urls.urlpatterns,
    path("periods/<int:pk>/urge.docx", documents_views.period_urge, name="period_urge"),
]

# The unit and partner pages list plans' tasks: plans views under the registry's URL names.
organizations_patterns = [
    *organizations_urls.urlpatterns,
    path("<int:pk>/", organization_views.unit_detail, name="unit_detail"),
    path("partners/<int:pk>/", organization_views.partner_detail, name="partner_detail"),
]

api_patterns = [
    path("", include("kehoach.plans.api_urls")),
    path("", include("kehoach.organizations.api_urls")),
    path("", include("kehoach.reporting.api_urls")),
    path("", include("kehoach.cooperation.api_urls")),
    path("", include("kehoach.budgets.api_urls")),
    path("", include("kehoach.amendments.api_urls")),
    path("", include("kehoach.unitplans.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # A page for people: signed out, it sends them to the sign-in page (the schema answers 401 to scripts).
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="docs"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # Public on purpose: calendar apps fetch it without a session; the secret token in the URL is the key.
    path("calendar/feed/<str:token>.ics", cooperation_views.ical_feed, name="calendar_feed"),
    # The language switch works signed out too (the login page offers it).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("kehoach.accounts.urls")),
    path("plans/", include("kehoach.plans.urls")),
    path("organizations/", include((organizations_patterns, organizations_urls.app_name))),
    path("imports/", include("kehoach.imports.urls")),
    path("reporting/", include((reporting_patterns, reporting_urls.app_name))),
    path("documents/", include("kehoach.documents.urls")),
    path("amendments/", include("kehoach.amendments.urls")),
    path("budgets/", include("kehoach.budgets.urls")),
    path("cooperation/", include("kehoach.cooperation.urls")),
    path("unitplans/", include("kehoach.unitplans.urls")),
    path("audit/", include("kehoach.core.urls")),
    # Signed out on purpose: the public progress of plans leadership opted in (its views are login_not_required).
    path("cong-khai/", include("kehoach.publicsite.urls")),
    path("public/", include(public_urls.alias_patterns)),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

if settings.KEHOACH_BENCH:  # `kehoach bench --http` only: the raw floors its lists are compared with
    from kehoach.site.bench_http import floor_view

    urlpatterns.append(path("__bench/floor/<str:name>/", floor_view))

handler404 = "kehoach.core.views.page_not_found"

