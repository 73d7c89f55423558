from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("manual/", views.manual_entry, name="manual"),
    path("template.xlsx", views.template_xlsx, name="template"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/map/", views.map_name, name="map_name"),
    path("review/<int:pk>/publish/", views.publish, name="publish"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/row/", views.task_row, name="task_row"),
    path("tasks/<int:pk>/toggle/", views.task_toggle_archived, name="task_toggle"),
    path("scan-rows/<int:pk>/", views.scan_crop, name="scan_crop"),
]
