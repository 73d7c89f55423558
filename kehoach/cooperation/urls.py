from django.urls import path

from . import views

app_name = "cooperation"
urlpatterns = [
    path("", views.home, name="home"),
    path("countries/", views.countries, name="countries"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_edit, name="agreement_edit"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_edit, name="event_edit"),
    path("<str:kind>/<int:pk>/archive/", views.record_archive, name="record_archive"),
    path("plans/<int:plan_pk>/sync/", views.activities_sync, name="activities_sync"),
    path("calendar/", views.calendar, name="calendar"),
    # The lead adds the public root path /calendar/feed/<token>.ics to this same view.
]
