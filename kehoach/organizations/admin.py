from django.contrib import admin

from .models import Country, Organization, OrganizationAlias


class AliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "unit_type", "is_active", "needs_review")
    list_filter = ("kind", "unit_type", "is_active", "needs_review", "is_state_management", "is_art_unit")
    search_fields = ("name", "short_name", "aliases__alias")
    inlines = [AliasInline]
    filter_horizontal = ("members",)
    autocomplete_fields = ("parent", "country")

    def has_delete_permission(self, request, obj=None):
        return False  # organisations are deactivated, never deleted: plans point at them


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "name_en")
    search_fields = ("code", "name_vi", "name_en", "aliases")
