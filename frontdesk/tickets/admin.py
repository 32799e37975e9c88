from django.contrib import admin

from frontdesk.audit.admin_mixin import AuditedAdminMixin
from frontdesk.tickets.models import Macro, Tag, Ticket


@admin.register(Macro)
class MacroAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "team", "language", "active")
    list_filter = ("active", "team", "language")


@admin.register(Tag)
class TagAdmin(AuditedAdminMixin, admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Ticket)
class TicketAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only: tickets change through the workspace and API so every change is an event."""

    list_display = ("reference", "subject", "status", "priority", "team", "assignee")
    list_filter = ("status", "priority", "channel")
    search_fields = ("reference", "subject")
    raw_id_fields = ("customer", "assignee", "team", "merged_into")
    list_select_related = ("team", "assignee")
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
