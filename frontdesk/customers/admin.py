from django.contrib import admin

from frontdesk.customers.models import Customer, Organization


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "language", "organization", "created_at")
    search_fields = ("name", "email")
    list_filter = ("language",)
    raw_id_fields = ("organization",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "domain")
    search_fields = ("name", "domain")
