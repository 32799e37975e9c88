from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from frontdesk.accounts.models import ApiToken, Branch, Brand, Team, User, Workspace
from frontdesk.audit.admin_mixin import AuditedAdminMixin


def _admin_sign_in(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin site signs in through the staff sign-in, so it asks for the second
    factor too (Django's own admin login would start a session after the password)."""
    return redirect_to_login(request.GET.get("next") or "/admin/", "/sign-in/")


admin.site.login = _admin_sign_in  # type: ignore[method-assign]


@admin.register(User)
class StaffUserAdmin(AuditedAdminMixin, UserAdmin):
    """Nobody sets or sees another member's password here (SECURITY.md 8, 9): members
    are invited from Settings → Members and choose their own."""

    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "teams")
    fieldsets = (
        (None, {"fields": ("username",)}),
        *(UserAdmin.fieldsets or ())[1:],
        ("Frontdesk", {"fields": ("role", "language", "time_zone", "branch")}),
    )

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # Settings → Members → Add a member sends an invitation

    def user_change_password(self, request, id, form_url=""):  # type: ignore[no-untyped-def]
        raise Http404


@admin.register(Team)
class TeamAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "lead", "branch")
    filter_horizontal = ("members",)


@admin.register(Branch)
class BranchAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "city", "country", "time_zone")


@admin.register(Brand)
class BrandAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Workspace)
class WorkspaceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "token_hash", "created_at", "last_used_at")
    fields = ("user", "name", "token_hash", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # tokens are created with `frontdesk token create`, shown once
