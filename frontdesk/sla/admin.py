from django.contrib import admin

from frontdesk.audit.admin_mixin import AuditedAdminMixin
from frontdesk.sla.models import (
    BusinessCalendar,
    DeadlineAlert,
    QueueSettings,
    SlaPolicy,
    SlaTarget,
)


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "time_zone", "always_open", "holiday_country", "is_default")
    search_fields = ("name",)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "position",
        "active",
        "priority",
        "channel",
        "ticket_type",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "business_hours",
        "warn_at_percent",
        "on_breach_notify",
    )
    list_editable = ("position", "active")
    list_filter = ("active", "priority", "channel")
    raw_id_fields = ("organization",)


@admin.register(SlaTarget)
class SlaTargetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only: targets change only through the ticket services and the sweep."""

    list_display = (
        "ticket",
        "kind",
        "state",
        "due_at",
        "warned_at",
        "achieved_at",
        "breached_at",
        "vip_boost_minutes",
    )
    list_filter = ("kind", "state")
    raw_id_fields = ("ticket", "policy")
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(QueueSettings)
class QueueSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "vip_boost_minutes")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return not QueueSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(DeadlineAlert)
class DeadlineAlertAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only: the sweep writes alerts, their recipients mark them read."""

    list_display = ("recipient", "kind", "target", "due_at", "created_at", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient", "target", "plan_ticket")
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
