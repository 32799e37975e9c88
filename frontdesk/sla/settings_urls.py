"""Settings → Business hours and Settings → SLA policies, mounted under /settings/."""

from django.urls import path

from frontdesk.sla import policy_views, settings_views

app_name = "sla_settings"

urlpatterns = [
    path("business-hours/", settings_views.calendar_list, name="calendar-list"),
    path("business-hours/new/", settings_views.calendar_new, name="calendar-new"),
    path("business-hours/<int:calendar_id>/", settings_views.calendar_edit, name="calendar-edit"),
    path(
        "business-hours/<int:calendar_id>/delete/",
        settings_views.calendar_delete,
        name="calendar-delete",
    ),
    path("sla-policies/", policy_views.policy_list, name="policy-list"),
    path("sla-policies/new/", policy_views.policy_new, name="policy-new"),
    path(
        "sla-policies/organizations/",
        policy_views.organization_options,
        name="policy-organizations",
    ),
    path("sla-policies/<int:policy_id>/", policy_views.policy_edit, name="policy-edit"),
    path("sla-policies/<int:policy_id>/move/", policy_views.policy_move, name="policy-move"),
    path("sla-policies/<int:policy_id>/switch/", policy_views.policy_switch, name="policy-switch"),
    path("sla-policies/<int:policy_id>/delete/", policy_views.policy_delete, name="policy-delete"),
]
