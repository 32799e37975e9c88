from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from frontdesk.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log cannot be added to, changed or deleted here."""

    list_display = ("at", "action", "actor_kind", "actor_label", "target_type", "target_id", "ip")
    list_filter = ("actor_kind",)
    search_fields = ("action", "actor_label", "ip")
    date_hierarchy = "at"
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
