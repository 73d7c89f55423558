from django.urls import path, re_path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/feed.atom", views.plan_feed, name="plan_feed"),
    path("<int:pk>/ke-hoach.<str:fmt>", views.plan_export, name="plan_export"),
    path("<int:pk>/toggle/", views.plan_toggle, name="plan_toggle"),
]

alias_patterns = [re_path(r"^(?P<rest>.*)$", views.english_alias)]
