from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kehoach.imports"
    label = "imports"
