from django.contrib import admin

from .models import Activity, Agreement, Event


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "year_start", "year_end", "status", "is_archived"]
    list_filter = ["status", "is_archived"]
    search_fields = ["title"]
    filter_horizontal = ["partners", "countries", "units"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "signed_on", "expires_on", "status", "is_archived"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "country", "is_archived"]
    list_filter = ["kind"]
    search_fields = ["title", "place"]
