"""Routes of the ticket page, /tickets/<id>/… (owned by the ticket-page work).

Included from frontdesk/tickets/urls.py inside the "tickets" namespace, so a route
named "ticket-detail" here is reversed as "tickets:ticket-detail".
"""

from django.urls import URLPattern, URLResolver, path

from frontdesk.tickets.views import ticket, ticket_new, ticket_panel

urlpatterns: list[URLPattern | URLResolver] = [
    path("tickets/new/", ticket_new.ticket_new, name="ticket-new"),
    path(
        "tickets/new/customers",
        ticket_new.customer_suggestions,
        name="ticket-new-customers",
    ),
    path("tickets/<int:ticket_id>/", ticket.ticket_detail, name="ticket-detail"),
    path("tickets/<int:ticket_id>/reply", ticket.ticket_reply, name="ticket-reply"),
    path("tickets/<int:ticket_id>/macro", ticket.ticket_macro, name="ticket-macro"),
    path("tickets/<int:ticket_id>/presence", ticket.ticket_presence, name="ticket-presence"),
    path("tickets/<int:ticket_id>/update", ticket_panel.ticket_update, name="ticket-update"),
    path("tickets/<int:ticket_id>/escalate", ticket_panel.ticket_escalate, name="ticket-escalate"),
    path(
        "tickets/<int:ticket_id>/deescalate",
        ticket_panel.ticket_deescalate,
        name="ticket-deescalate",
    ),
    path(
        "tickets/<int:ticket_id>/collaborators",
        ticket_panel.ticket_collaborator,
        name="ticket-collaborator",
    ),
    path("tickets/<int:ticket_id>/merge", ticket_panel.ticket_merge, name="ticket-merge"),
    path(
        "tickets/<int:ticket_id>/sensitive",
        ticket_panel.ticket_sensitive,
        name="ticket-sensitive",
    ),
]
