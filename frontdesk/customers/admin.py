from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from frontdesk.audit.admin_mixin import AuditedAdminMixin
from frontdesk.customers.models import Customer, Organization


@admin.register(Customer)
class CustomerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "email", "language", "organization", "created_at")
    search_fields = ("name", "email")
    list_filter = ("language",)
    raw_id_fields = ("organization",)

    def get_readonly_fields(self, request: HttpRequest, obj: Customer | None = None) -> Any:
        # The email signs the customer in to the help center: it changes on the customer
        # page only, whose service checks who may and revokes what the old address opened.
        return ("email",) if obj is not None else ()


@admin.register(Organization)
class OrganizationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "domain")
    search_fields = ("name", "domain")
