from django.urls import path

from . import views

app_name = "unitplans"
urlpatterns = [
    path("", views.yearplan_list, name="list"),
    path("new/", views.yearplan_create, name="create"),
    path("<int:pk>/", views.yearplan_detail, name="detail"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", views.item_update, name="item_update"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/<slug:action>/", views.yearplan_action, name="action"),
]
