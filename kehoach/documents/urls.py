from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/download/", views.document_download, name="download"),
    path("plan/<int:plan_pk>/consolidated/", views.consolidated, name="consolidated"),
    path("plan/<int:plan_pk>/<str:kind>/", views.plan_export, name="plan_export"),
    path("signatures/", views.signature_profiles, name="signatures"),
]
