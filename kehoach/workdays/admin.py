from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .calendar import WorkCalendar
from .choices import AdjustmentKind
from .models import CalendarAdjustment
from .services import calendar_adjustment_set, calendar_adjustment_withdraw


class CalendarAdjustmentForm(forms.ModelForm):
    class Meta:
        model = CalendarAdjustment
        fields = ("date", "kind", "note", "is_active")

    def clean(self):
        # The service's rule, checked here too so the admin shows it on the field instead of saving nothing.
        data = super().clean()
        day, kind = data.get("date"), data.get("kind")
        if day and kind and data.get("is_active", True):
            plain = WorkCalendar().is_working_day(day)
            if plain == (kind == AdjustmentKind.WORKING_DAY):
                self.add_error("date", _("Ngày %(date)s vốn đã là %(what)s.") % {
                    "date": f"{day:%d/%m/%Y}", "what": _("ngày làm việc") if plain else _("ngày nghỉ")})
        return data


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(admin.ModelAdmin):
    """The administrator enters the Government's announcements here; saving goes through the service (audit)."""

    form = CalendarAdjustmentForm
    list_display = ("date", "kind", "note", "is_active")
    list_filter = ("kind", "is_active")
    actions = ["withdraw"]

    def save_model(self, request, obj, form, change):
        if change and not obj.is_active:
            calendar_adjustment_withdraw(actor=request.user, adjustment=obj)
            return
        saved = calendar_adjustment_set(actor=request.user, date=obj.date, kind=obj.kind, note=obj.note)
        obj.pk = saved.pk

    @admin.action(description=_("Thôi áp dụng"))
    def withdraw(self, request, queryset):
        for adjustment in queryset:
            calendar_adjustment_withdraw(actor=request.user, adjustment=adjustment)

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn, never deleted
