from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "kehoach.cooperation"
    label = "cooperation"
