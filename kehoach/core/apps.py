from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kehoach.core"
    label = "core"

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - connects the handler that records a failed job on its owner's row
