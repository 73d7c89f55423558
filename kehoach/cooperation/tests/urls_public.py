"""The project's URLs plus the public feed path the lead mounts at the root (for the anonymous feed test)."""

from django.urls import path

from kehoach.cooperation import views
from kehoach.urls import urlpatterns as project_urls

urlpatterns = [path("calendar/feed/<str:token>.ics", views.ical_feed), *project_urls]
