from django.urls import path

from . import views

# unit_detail and partner_detail are plans views (they list tasks): kehoach/urls.py adds them here.
app_name = "organizations"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("partners/", views.partner_list, name="partner_list"),
]
