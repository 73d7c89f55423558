from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/versions/", views.plan_versions, name="plan_versions"),
    path("<int:pk>/status.xlsx", views.plan_status_xlsx, name="plan_status_xlsx"),
    path("<int:pk>/source/", views.plan_source_download, name="plan_source"),
    path("<int:pk>/archive/", views.plan_archive, name="plan_archive"),
    path("<int:pk>/audit/", views.plan_audit, name="plan_audit"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/document/", views.task_document_download, name="task_document"),
    path("tasks/<int:pk>/tracking/", views.task_tracking, name="task_tracking"),
    path("tasks/<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("extensions/<int:pk>/withdraw/", views.extension_withdraw, name="extension_withdraw"),
    path("tasks/summary/", views.task_summary, name="task_summary"),
    path("mine/", views.my_tasks, name="my_tasks"),
]
