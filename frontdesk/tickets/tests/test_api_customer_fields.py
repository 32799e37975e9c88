"""A customer token (fdc_) sets no privileged field (SECURITY.md 15, mass assignment).

Priority, channel and type choose SLA policies; team, assignee, tags, status and the
customer decide who handles a ticket and for whom. A customer opens tickets for herself
and writes public replies; every other field or write is refused with 403, and nothing
changes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from frontdesk.customers.models import Customer
from frontdesk.tickets.choices import Channel, Priority, Status, TicketType
from frontdesk.tickets.models import Message, Ticket, TicketEvent
from frontdesk.tickets.tests.api_support import client_for, make_ticket, patch, post

pytestmark = pytest.mark.django_db

NEW = {"subject": "Size", "body": "Is M in stock?"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("priority", "urgent"),
        ("priority", "normal"),  # even the default: the field is not hers to send
        ("channel", "phone"),
        ("channel", "api"),
        ("type", "complaint"),
        ("type", "question"),
        ("team_id", "team"),
        ("tags", ["vip"]),
    ],
)
def test_a_customer_token_cannot_set_routing_or_sla_fields(personas, field, value):
    value = personas.team.pk if value == "team" else value
    response = post(client_for(personas.customer), "/api/v1/tickets", {**NEW, field: value})
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == field
    assert not Ticket.objects.exists()


def test_a_customer_token_opens_a_plain_ticket_for_itself(personas):
    response = post(
        client_for(personas.customer),
        "/api/v1/tickets",
        {**NEW, "customer_email": "AYSE@example.com", "customer_name": "Someone Else"},
    )
    assert response.status_code == 201, response.json()
    ticket = Ticket.objects.get()
    assert ticket.customer == personas.customer
    assert (ticket.channel, ticket.type, ticket.priority) == (
        Channel.API,
        TicketType.QUESTION,
        Priority.NORMAL,
    )
    assert (ticket.team_id, ticket.assignee_id, list(ticket.tags.all())) == (None, None, [])
    assert Customer.objects.get(pk=personas.customer.pk).name == "Ayşe Yılmaz"

    foreign = post(
        client_for(personas.customer),
        "/api/v1/tickets",
        {**NEW, "customer_email": personas.other_customer.email},
    )
    assert foreign.status_code == 403
    assert foreign.json()["errors"][0]["field"] == "customer_email"


def _own_ticket(personas) -> Ticket:
    ticket = make_ticket(personas.customer, team=personas.team, assignee=personas.agent)
    make_ticket(personas.customer, team=personas.team, subject="Second")
    return ticket


def _writes(personas, ticket: Ticket) -> list[tuple[str, str, dict]]:
    second = Ticket.objects.exclude(pk=ticket.pk).get(customer=personas.customer)
    url = f"/api/v1/tickets/{ticket.pk}"
    due = (timezone.now() + timedelta(hours=2)).isoformat()
    return [
        ("patch", url, {"status": "solved"}),
        ("patch", url, {"priority": "urgent"}),
        ("patch", url, {"type": "complaint"}),
        ("patch", url, {"subject": "Mine now"}),
        ("patch", url, {"assignee_id": None}),
        ("patch", url, {"team_id": personas.other_team.pk}),
        ("patch", url, {"tags": ["vip"]}),
        ("post", f"{url}/transfer", {"team_id": personas.other_team.pk, "handoff_note": "x"}),
        ("post", f"{url}/escalate", {"reason": "Faster please"}),
        ("post", f"{url}/collaborators", {"user_id": personas.other_agent.pk}),
        ("post", f"{url}/merge", {"source_ids": [second.pk]}),
        ("post", f"{url}/messages", {"body": "psst", "internal": True}),
        ("post", f"{url}/macros/1/apply", {}),
        ("post", f"{url}/solve", {"answers": []}),
        ("post", f"{url}/action-plans", {"text": "Call back", "due_at": due}),
        ("patch", f"/api/v1/customers/{personas.customer.pk}", {"email": "new@example.net"}),
        ("patch", f"/api/v1/customers/{personas.customer.pk}", {"notes": "VIP, refund all"}),
    ]


def test_a_customer_token_changes_nothing_on_its_own_ticket_but_replies(personas):
    ticket = _own_ticket(personas)
    customer = client_for(personas.customer)
    before = Ticket.objects.values().get(pk=ticket.pk)
    messages, events = Message.objects.count(), TicketEvent.objects.count()

    for method, url, data in _writes(personas, ticket):
        send = patch if method == "patch" else post
        response = send(customer, url, data)
        assert response.status_code == 403, (method, url, data, response.json())

    assert Ticket.objects.values().get(pk=ticket.pk) == before
    assert list(ticket.collaborators.all()) == [] and list(ticket.tags.all()) == []
    assert (Message.objects.count(), TicketEvent.objects.count()) == (messages, events)
    personas.customer.refresh_from_db()
    assert (personas.customer.email, personas.customer.notes) == ("ayse@example.com", "")
    # What a customer may do: a public reply on her own ticket.
    reply = post(customer, f"/api/v1/tickets/{ticket.pk}/messages", {"body": "Any news?"})
    assert reply.status_code == 201 and reply.json()["internal"] is False
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_the_same_writes_on_someone_elses_ticket_are_404(personas):
    ticket = _own_ticket(personas)
    stranger = client_for(personas.other_customer)
    for method, url, data in _writes(personas, ticket):
        send = patch if method == "patch" else post
        response = send(stranger, url, data)
        expected = 403 if url.startswith("/api/v1/customers/") else 404
        assert response.status_code == expected, (method, url, response.json())
