from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from frontdesk.accounts.models import ApiToken, Branch, Brand, Team, User, Workspace


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "teams")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Frontdesk", {"fields": ("role", "language", "time_zone", "branch")}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "lead", "branch")
    filter_horizontal = ("members",)


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "country", "time_zone")


admin.site.register(Brand)
admin.site.register(Workspace)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "token_hash", "created_at", "last_used_at")
    fields = ("user", "name", "token_hash", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # tokens are created with `frontdesk token create`, shown once
