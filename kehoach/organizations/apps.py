from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "kehoach.organizations"
    label = "organizations"
