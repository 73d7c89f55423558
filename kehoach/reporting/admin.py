from django.contrib import admin

from .models import ReminderLog, ReportingPeriod, ReportTransition, UnitReport


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "kind", "deadline", "state"]
    list_filter = ["kind", "state"]


@admin.register(UnitReport)
class UnitReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "state", "submitted_at"]
    list_filter = ["state"]
    readonly_fields = ["version"]


admin.site.register(ReportTransition)
admin.site.register(ReminderLog)
