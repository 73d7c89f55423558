"""documents admin: read-mostly views of generated documents; signature profiles editable."""

from django.contrib import admin

from .models import ConsolidationDraft, GeneratedDocument, SignatureProfile


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["kind", "plan", "unit", "period", "version", "status", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in GeneratedDocument._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was issued is never deleted


@admin.register(SignatureProfile)
class SignatureProfileAdmin(admin.ModelAdmin):
    list_display = ["organization", "authority", "title", "name"]


@admin.register(ConsolidationDraft)
class ConsolidationDraftAdmin(admin.ModelAdmin):
    list_display = ["plan", "period", "grouping", "updated_by", "updated_at"]

    def has_delete_permission(self, request, obj=None):
        return False
