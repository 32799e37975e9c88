from django.contrib import admin

from frontdesk.audit.admin_mixin import AuditedAdminMixin
from frontdesk.knowledge.models import Policy, PolicyVersion


class PolicyVersionInline(admin.TabularInline):
    model = PolicyVersion
    extra = 0
    fields = ("language", "number", "title", "published_at", "created_by")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # versions are published through the policy editor only


@admin.register(Policy)
class PolicyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "slug", "created_at"]
    readonly_fields = ["kind", "slug", "created_at"]
    inlines = [PolicyVersionInline]
