from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "kehoach.workdays"
    label = "workdays"
    verbose_name = "Ngày làm việc"
