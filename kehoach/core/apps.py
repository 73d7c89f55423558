from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kehoach.core"
    label = "core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import jobs  # noqa: F401 - connects the handler that records a failed job on its owner's row

        autodiscover_modules("rules")  # each app's rule book (kehoach.core.rules)
