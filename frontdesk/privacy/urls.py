from django.urls import path

from frontdesk.privacy import views

app_name = "privacy"

urlpatterns = [
    path("customers/<int:customer_id>/export/", views.customer_export, name="customer-export"),
    path("customers/<int:customer_id>/erase/", views.customer_erase, name="customer-erase"),
    path("settings/data-retention/", views.retention_list, name="retention-list"),
    path("settings/data-retention/new/", views.retention_new, name="retention-new"),
    path("settings/data-retention/<int:rule_id>/", views.retention_edit, name="retention-edit"),
    path(
        "settings/data-retention/<int:rule_id>/delete/",
        views.retention_delete,
        name="retention-delete",
    ),
]
