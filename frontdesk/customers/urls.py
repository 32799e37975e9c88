from django.urls import path

from frontdesk.customers import views

app_name = "customers"

urlpatterns = [
    path("customers/<int:customer_id>/", views.customer_detail, name="customer-detail"),
    path(
        "organizations/<int:organization_id>/",
        views.organization_detail,
        name="organization-detail",
    ),
]
