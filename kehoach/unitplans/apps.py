from django.apps import AppConfig


class UnitplansConfig(AppConfig):
    name = "kehoach.unitplans"
    label = "unitplans"
