from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "is_active")
    ordering = ("name_sort", "username")  # Vietnamese lists: by given name
    search_fields = ("username", "full_name", "email")
    list_filter = ("role", "is_active", "is_superuser")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    fieldsets = (*BaseUserAdmin.fieldsets, ("kehoach", {"fields": ("full_name", "role", "unit", "position", "phone")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("kehoach", {"fields": ("role", "unit")}))
