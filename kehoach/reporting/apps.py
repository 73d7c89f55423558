from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "kehoach.reporting"
    label = "reporting"
