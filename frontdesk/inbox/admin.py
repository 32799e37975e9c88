"""Django admin for the email channel: a look at the rows, not a second write path.

Mailboxes are created in Settings → Mailboxes (passwords are set there, encrypted);
received emails are read-only here, handled in Settings → Quarantine.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from frontdesk.audit.admin_mixin import AuditedAdminMixin
from frontdesk.inbox.models import InboundEmail, Mailbox


@admin.register(Mailbox)
class MailboxAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "address", "team", "active", "last_polled_at", "last_error")
    list_filter = ("active", "team")
    search_fields = ("name", "address")
    exclude = ("imap_password_encrypted", "smtp_password_encrypted", "webhook_secret_encrypted")
    readonly_fields = (
        "imap_uidvalidity",
        "imap_last_uid",
        "poll_lease_until",
        "last_polled_at",
        "last_error",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # in Settings → Mailboxes, which sets the secrets


@admin.register(InboundEmail)
class InboundEmailAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("received_at", "from_address", "subject", "status", "outcome", "size")
    list_filter = ("status", "source", "outcome")
    search_fields = ("message_id", "from_address", "subject")
    date_hierarchy = "received_at"
    list_select_related = ("mailbox",)
    exclude = ("raw",)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("raw")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
