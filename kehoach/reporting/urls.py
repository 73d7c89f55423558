from django.urls import path

from . import views

# "periods/<pk>/urge.docx" (period_urge, the urging letter) is a documents view: kehoach/urls.py adds it here.
app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("plans/<int:plan_pk>/open/", views.period_open, name="period_open"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/history/", views.period_history, name="period_history"),
    path("periods/<int:pk>/decree09/", views.period_decree09, name="period_decree09"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/extend/", views.extension_grant, name="extension_grant"),
    path("periods/<int:pk>/tasks/<int:task_pk>/input/", views.input_save, name="input_save"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/save/", views.report_save, name="report_save"),
    path("reports/<int:pk>/<str:action>/", views.report_action, name="report_action"),
    path("entries/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
