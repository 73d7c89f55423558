from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/download/", views.document_download, name="download"),
    path("plan/<int:plan_pk>/consolidated/", views.consolidated, name="consolidated"),
    path("plan/<int:plan_pk>/<str:kind>/", views.plan_export, name="plan_export"),
    path("period/<int:pk>/", views.period_documents, name="period"),
    path("period/<int:period_pk>/consolidated/", views.consolidated, name="period_consolidated"),
    path("period/<int:pk>/<str:kind>/", views.period_generate, name="period_generate"),
    path("signatures/", views.signature_profiles, name="signatures"),
]
