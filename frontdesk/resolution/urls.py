from django.urls import path

from frontdesk.resolution.views import settings, ticket

app_name = "resolution"

urlpatterns = [
    path("tickets/<int:ticket_id>/solve", ticket.ticket_solve, name="ticket-solve"),
    path(
        "tickets/<int:ticket_id>/action-plans",
        ticket.action_plan_create,
        name="action-plan-create",
    ),
    path(
        "tickets/<int:ticket_id>/action-plans/<int:plan_id>/done",
        ticket.action_plan_done,
        name="action-plan-done",
    ),
    path(
        "tickets/<int:ticket_id>/action-plans/<int:plan_id>/reply",
        ticket.action_plan_reply,
        name="action-plan-reply",
    ),
    path("settings/solving/", settings.solving_settings, name="settings"),
    path("settings/solving/items/new/", settings.item_new, name="item-new"),
    path("settings/solving/items/<int:item_id>/", settings.item_edit, name="item-edit"),
]
