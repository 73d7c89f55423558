app_name = "unitplans"
urlpatterns: list = []
