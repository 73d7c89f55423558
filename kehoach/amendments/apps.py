from django.apps import AppConfig


class AmendmentsConfig(AppConfig):
    name = "kehoach.amendments"
    label = "amendments"
