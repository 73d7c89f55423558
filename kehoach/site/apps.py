from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "kehoach.site"
    label = "site"

    def ready(self) -> None:
        # Imported here, not at the top: receivers import models, which Django loads only once apps are ready.
        from . import receivers  # noqa: F401
