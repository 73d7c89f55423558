from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kehoach.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - audits sign-ins, sign-outs, failures and lockouts
