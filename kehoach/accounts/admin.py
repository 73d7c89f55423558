from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    fieldsets = (*BaseUserAdmin.fieldsets, ("kehoach", {"fields": ("role", "unit", "position", "phone")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("kehoach", {"fields": ("role", "unit")}))
