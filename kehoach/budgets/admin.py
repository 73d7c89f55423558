from django.contrib import admin

from .models import BudgetLine, BudgetSpend


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "title", "source", "currency", "amount", "amount_vnd", "status"]
    list_filter = ["year", "source", "status", "currency"]
    search_fields = ["title", "unit__name"]
    readonly_fields = ["amount_vnd", "approved_vnd"]


@admin.register(BudgetSpend)
class BudgetSpendAdmin(admin.ModelAdmin):
    list_display = ["line", "year", "period_label", "amount", "amount_vnd"]
