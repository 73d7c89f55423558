"""amendments admin: read-mostly views for support staff."""

from django.contrib import admin

from .models import AmendmentItem, AmendmentProposal


class ItemInline(admin.TabularInline):
    model = AmendmentItem
    extra = 0


@admin.register(AmendmentProposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "plan", "unit", "status", "created_at"]
    list_filter = ["status"]
    inlines = [ItemInline]
