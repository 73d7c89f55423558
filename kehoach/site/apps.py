from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "kehoach.site"
    label = "site"
