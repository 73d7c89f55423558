from django.contrib import admin

from .models import (
    LegalBasis,
    Plan,
    PlanVersion,
    Product,
    ReportingDeadline,
    Task,
    TaskAssignment,
    TaskExtension,
)


class NoDeleteAdmin(admin.ModelAdmin):
    """Plans and tasks are archived through the app, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


class DeadlineInline(admin.TabularInline):
    model = ReportingDeadline
    extra = 0


@admin.register(Plan)
class PlanAdmin(NoDeleteAdmin):
    list_display = ("__str__", "status", "issued_on", "period_start", "period_end")
    list_filter = ("status", "kind")
    search_fields = ("title", "number")
    inlines = [LegalBasisInline, DeadlineInline]
    readonly_fields = ("current_version", "source_sha256", "created_by", "published_at", "archived_at")


@admin.register(PlanVersion)
class PlanVersionAdmin(NoDeleteAdmin):
    list_display = ("plan", "number", "source", "decision_number", "created_at")


class AssignmentInline(admin.TabularInline):
    model = TaskAssignment
    extra = 0
    autocomplete_fields = ("organization",)


@admin.register(Task)
class TaskAdmin(NoDeleteAdmin):
    list_display = ("__str__", "plan", "version", "timeframe_kind", "progress", "is_archived")
    list_filter = ("timeframe_kind", "progress", "is_archived")
    search_fields = ("title", "search_text")
    list_select_related = ("plan", "version")
    inlines = [AssignmentInline]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    search_fields = ("name",)


@admin.register(TaskExtension)
class TaskExtensionAdmin(NoDeleteAdmin):
    """Read only: extensions are asked and decided on the task page (services, audit)."""

    list_display = ("task", "state", "previous_deadline", "proposed_date", "requested_unit", "decided_by")
    list_filter = ("state",)
    list_select_related = ("task", "requested_unit", "decided_by")
    raw_id_fields = ("task",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
