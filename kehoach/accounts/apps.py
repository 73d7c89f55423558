from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kehoach.accounts"
    label = "accounts"
