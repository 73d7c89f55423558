from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import CalendarAdjustment
from .services import calendar_adjustment_set, calendar_adjustment_withdraw


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(admin.ModelAdmin):
    """The administrator enters the Government's announcements here; saving goes through the service (audit)."""

    list_display = ("date", "kind", "note", "is_active")
    list_filter = ("kind", "is_active")
    fields = ("date", "kind", "note", "is_active")
    actions = ["withdraw"]

    def save_model(self, request, obj, form, change):
        if change and not obj.is_active:
            calendar_adjustment_withdraw(actor=request.user, adjustment=obj)
            return
        try:
            saved = calendar_adjustment_set(actor=request.user, date=obj.date, kind=obj.kind, note=obj.note)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), level="error")
            return
        obj.pk = saved.pk

    @admin.action(description=_("Thôi áp dụng"))
    def withdraw(self, request, queryset):
        for adjustment in queryset:
            calendar_adjustment_withdraw(actor=request.user, adjustment=adjustment)

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn, never deleted
