"""unitplans admin."""

from django.contrib import admin

from .models import UnitPlanItem, UnitYearPlan


class ItemInline(admin.TabularInline):
    model = UnitPlanItem
    extra = 0


@admin.register(UnitYearPlan)
class YearPlanAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "status"]
    list_filter = ["status", "year"]
    inlines = [ItemInline]
