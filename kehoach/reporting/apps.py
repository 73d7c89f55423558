from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "kehoach.reporting"
    label = "reporting"

    def ready(self) -> None:
        from kehoach.plans.signals import plan_version_changed

        from .services import plan_version_changed_handler

        plan_version_changed.connect(plan_version_changed_handler, dispatch_uid="reporting_repoint")
