from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("<str:app_label>/<str:model>/<str:object_id>/", views.audit_trail, name="audit_trail"),
]
