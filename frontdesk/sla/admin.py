from django.contrib import admin

from frontdesk.sla.models import BusinessCalendar, SlaPolicy, SlaTarget


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "time_zone", "always_open", "holiday_country")
    search_fields = ("name",)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
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
    )
    list_editable = ("position", "active")
    list_filter = ("active", "priority", "channel")
    raw_id_fields = ("organization",)


@admin.register(SlaTarget)
class SlaTargetAdmin(admin.ModelAdmin):
    """Read-only: targets change only through the ticket services and the sweep."""

    list_display = ("ticket", "kind", "state", "due_at", "achieved_at", "breached_at")
    list_filter = ("kind", "state")
    raw_id_fields = ("ticket", "policy")
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
