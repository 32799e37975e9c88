from django.contrib import admin

from frontdesk.audit.admin_mixin import AuditedAdminMixin
from frontdesk.portal.models import SignInLink


@admin.register(SignInLink)
class SignInLinkAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only: the token itself is never stored, only its hash."""

    list_display = ["customer", "created_at", "expires_at", "used_at"]
    readonly_fields = ["customer", "token_hash", "created_at", "expires_at", "used_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
