from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "kehoach.budgets"
    label = "budgets"
