from django.urls import path

from . import views

app_name = "budgets"
urlpatterns = [
    path("", views.home, name="home"),
    path("lines/new/", views.line_create, name="line_create"),
    path("lines/<int:pk>/", views.line_detail, name="line_detail"),
    path("lines/<int:pk>/submit/", views.line_submit, name="line_submit"),
    path("lines/<int:pk>/appraise/", views.line_appraise, name="line_appraise"),
    path("lines/<int:pk>/spend/", views.spend_record, name="spend_record"),
    path("appraisal/", views.appraisal_queue, name="appraisal_queue"),
    path("sponsorship/", views.sponsorship, name="sponsorship"),
    path("sponsorship/<int:task_pk>/", views.sponsorship_toggle, name="sponsorship_toggle"),
]
