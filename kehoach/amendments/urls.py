from django.urls import path

from . import views

app_name = "amendments"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("audit-log/", views.audit_log, name="audit_log"),
    path("new/<int:plan_pk>/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/items/row/", views.item_row, name="item_row"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/<slug:action>/", views.proposal_action, name="action"),
]
