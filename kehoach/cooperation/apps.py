from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "kehoach.cooperation"
    label = "cooperation"

    def ready(self):
        from kehoach.plans.signals import plan_version_changed

        from .services import on_plan_version_changed

        plan_version_changed.connect(on_plan_version_changed, dispatch_uid="cooperation.sync_activities")
