"""REST API: the ticket story, transfers, merges, escalation, errors and acknowledgements."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, override_settings

from frontdesk.customers.models import Customer
from frontdesk.tickets.choices import EventKind
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.tests.api_support import client_for, make_ticket, patch, post

pytestmark = pytest.mark.django_db


def test_it_tells_the_whole_story(personas):
    admin = client_for(personas.admin)
    response = post(
        admin,
        "/api/v1/tickets",
        {
            "subject": "Where is my order?",
            "body": "Ordered last week, nothing yet.",
            "customer_email": "Mira@Example.com",
            "customer_name": "Mira Ozola",
            "team_id": personas.team.pk,
            "tags": ["Delivery", "order"],
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["reference"].startswith("FD-")
    assert created["channel"] == "api"
    assert created["status"] == "new"
    assert created["customer"]["email"] == "mira@example.com"
    assert created["team_id"] == personas.team.pk
    assert created["tags"] == ["delivery", "order"]
    assert Customer.objects.get(email="mira@example.com").name == "Mira Ozola"
    ticket_id = created["id"]

    listed = admin.get("/api/v1/tickets").json()
    assert [item["id"] for item in listed["items"]] == [ticket_id]

    changed = patch(admin, f"/api/v1/tickets/{ticket_id}", {"status": "pending"})
    assert changed.status_code == 200, changed.json()
    assert changed.json()["status"] == "pending"

    reply = post(admin, f"/api/v1/tickets/{ticket_id}/messages", {"body": "On its way!"})
    assert reply.status_code == 201
    assert reply.json()["internal"] is False
    note = post(
        admin,
        f"/api/v1/tickets/{ticket_id}/messages",
        {"body": "Courier confirmed.", "internal": True},
    )
    assert note.status_code == 201
    assert note.json()["internal"] is True

    messages = admin.get(f"/api/v1/tickets/{ticket_id}/messages").json()["items"]
    assert [m["body"] for m in messages] == [
        "Ordered last week, nothing yet.",
        "On its way!",
        "Courier confirmed.",
    ]

    events = admin.get(f"/api/v1/tickets/{ticket_id}/events").json()["items"]
    kinds = [(e["kind"], e["field"]) for e in events]
    assert kinds == [
        (EventKind.CREATED, ""),
        (EventKind.CHANGED, "status"),
        (EventKind.MESSAGE, ""),
        (EventKind.NOTE, ""),
    ]
    assert events[1]["old_value"] == "new"
    assert events[1]["new_value"] == "pending"
    assert events[1]["actor_user_id"] == personas.admin.pk


def test_it_keeps_customers_to_their_own_tickets(personas):
    own = make_ticket(personas.customer, team=personas.team)
    foreign = make_ticket(personas.other_customer, team=personas.team)
    client_for(personas.admin).post(
        f"/api/v1/tickets/{own.pk}/messages",
        {"body": "VIP, be kind", "internal": True},
        content_type="application/json",
    )
    customer = client_for(personas.customer)

    assert customer.get(f"/api/v1/tickets/{foreign.pk}").status_code == 404
    assert customer.get(f"/api/v1/tickets/{foreign.pk}/messages").status_code == 404
    listed = customer.get("/api/v1/tickets").json()["items"]
    assert [t["id"] for t in listed] == [own.pk]
    mine = customer.get(f"/api/v1/tickets/{own.pk}").json()
    assert mine["tags"] is None
    assert mine["team_id"] is None

    messages = customer.get(f"/api/v1/tickets/{own.pk}/messages").json()["items"]
    assert [m["internal"] for m in messages] == [False]
    assert "VIP" not in str(messages)

    assert (
        post(
            customer, f"/api/v1/tickets/{own.pk}/messages", {"body": "secret", "internal": True}
        ).status_code
        == 403
    )
    assert patch(customer, f"/api/v1/tickets/{own.pk}", {"status": "solved"}).status_code == 403
    assert customer.get(f"/api/v1/tickets/{own.pk}/events").status_code == 403
    assert (
        post(customer, f"/api/v1/tickets/{own.pk}/messages", {"body": "Any news?"}).status_code
        == 201
    )


def test_it_opens_tickets_for_the_token_customer_only(personas):
    customer = client_for(personas.customer)
    response = post(customer, "/api/v1/tickets", {"subject": "Size", "body": "Is M in stock?"})
    assert response.status_code == 201, response.json()
    assert response.json()["customer"]["id"] == personas.customer.pk

    other = post(
        customer,
        "/api/v1/tickets",
        {"subject": "x", "body": "y", "customer_email": personas.other_customer.email},
    )
    assert other.status_code == 403
    assert other.json()["errors"][0]["field"] == "customer_email"
    privileged = post(
        customer, "/api/v1/tickets", {"subject": "x", "body": "y", "team_id": personas.team.pk}
    )
    assert privileged.status_code == 403
    assert Ticket.objects.filter(customer=personas.other_customer).count() == 0


def test_it_requires_a_handoff_note_for_a_transfer(personas):
    ticket = make_ticket(personas.customer, team=personas.team, assignee=personas.agent)
    agent = client_for(personas.agent)
    url = f"/api/v1/tickets/{ticket.pk}"

    refused = patch(agent, url, {"assignee_id": personas.other_agent.pk})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "handoff_note"
    assert Ticket.objects.get(pk=ticket.pk).assignee_id == personas.agent.pk

    moved = patch(
        agent,
        url,
        {
            "assignee_id": personas.other_agent.pk,
            "handoff_note": "Refund approved, send the label.",
        },
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["transfer_count"] == 1
    assert moved.json()["assignee_id"] == personas.other_agent.pk


def test_it_transfers_to_a_team_through_the_convenience_route(personas):
    ticket = make_ticket(personas.customer, team=personas.team)
    admin = client_for(personas.admin)
    url = f"/api/v1/tickets/{ticket.pk}/transfer"
    assert (
        post(admin, url, {"team_id": personas.other_team.pk}).json()["errors"][0]["field"]
        == "handoff_note"
    )
    assert post(admin, url, {"handoff_note": "x"}).status_code == 422
    moved = post(admin, url, {"team_id": personas.other_team.pk, "handoff_note": "Ljubljana"})
    assert moved.status_code == 200
    assert moved.json()["team_id"] == personas.other_team.pk
    assert moved.json()["transfer_count"] == 1


def test_it_unassigns_with_null(personas):
    ticket = make_ticket(personas.customer, team=personas.team, assignee=personas.agent)
    response = patch(
        client_for(personas.admin),
        f"/api/v1/tickets/{ticket.pk}",
        {"assignee_id": None, "handoff_note": "Back to the queue."},
    )
    assert response.status_code == 200
    assert response.json()["assignee_id"] is None


def test_it_refuses_unknown_agents_and_teams(personas):
    ticket = make_ticket(personas.customer, team=personas.team)
    admin = client_for(personas.admin)
    url = f"/api/v1/tickets/{ticket.pk}"
    for field in ("assignee_id", "team_id"):
        response = patch(admin, url, {field: 987654, "handoff_note": "x"})
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": field, "message": response.json()["message"]}
        ]
    created = post(
        admin,
        "/api/v1/tickets",
        {"subject": "s", "body": "b", "customer_email": "a@example.com", "team_id": 987654},
    )
    assert created.status_code == 422
    assert not Customer.objects.filter(email="a@example.com").exists()


def test_it_escalates_once(personas):
    ticket = make_ticket(personas.customer, team=personas.team)
    agent = client_for(personas.agent)
    url = f"/api/v1/tickets/{ticket.pk}/escalate"
    first = post(agent, url, {"reason": "Third complaint this month."})
    assert first.status_code == 200
    assert first.json()["escalated"] is True
    again = post(agent, url, {"reason": "Again"})
    assert again.status_code == 409
    assert again.json()["message"]


def test_it_adds_a_collaborator_who_then_sees_the_ticket(personas):
    ticket = make_ticket(personas.customer, team=personas.team)
    url = f"/api/v1/tickets/{ticket.pk}/collaborators"
    response = post(
        client_for(personas.agent),
        url,
        {"user_id": personas.other_agent.pk, "note": "Can you check stock?"},
    )
    assert response.status_code == 200
    assert response.json()["collaborator_ids"] == [personas.other_agent.pk]
    assert client_for(personas.other_agent).get(f"/api/v1/tickets/{ticket.pk}").status_code == 200


def test_light_agents_only_write_internal_notes(personas):
    ticket = make_ticket(personas.customer, team=personas.team)
    light = client_for(personas.light_agent)
    url = f"/api/v1/tickets/{ticket.pk}/messages"
    refused = post(light, url, {"body": "Dear customer"})
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["field"] == "internal"
    assert post(light, url, {"body": "FYI", "internal": True}).status_code == 201


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"subject": "s" * 251, "body": "b", "customer_email": "a@example.com"}, "subject"),
        ({"subject": 12, "body": "b", "customer_email": "a@example.com"}, "subject"),
        (
            {"subject": "s", "body": "b", "customer_email": "a@example.com", "team_id": 2**70},
            "team_id",
        ),
        ({"subject": "s", "body": "b", "customer_email": "a@example.com", "role": "admin"}, "role"),
        ({"subject": "s", "body": "b", "customer_email": "not an email"}, "customer_email"),
        ({"subject": "s", "body": "b"}, "customer_email"),
        (
            {"subject": "s", "body": "b", "customer_email": "a@example.com", "priority": "max"},
            "priority",
        ),
        (
            {"subject": "s", "body": "b", "customer_email": "a@example.com", "language": "xx"},
            "language",
        ),
    ],
)
def test_it_rejects_bad_input_with_field_errors(personas, payload, field):
    response = post(client_for(personas.admin), "/api/v1/tickets", payload)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Ticket.objects.exists()


def test_it_survives_hostile_input(personas):
    admin = client_for(personas.admin)
    created = post(
        admin,
        "/api/v1/tickets",
        {
            "subject": "Nul\x00 byte",
            "body": "a\x00b",
            "customer_email": "nul@example.com",
            "tags": ["x\x00y"],
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["subject"] == "Nul byte"
    assert Message.objects.get(ticket_id=created.json()["id"]).body == "ab"
    surrogate = post(
        admin,
        "/api/v1/tickets",
        {"subject": "s", "body": "\ud800", "customer_email": "nul@example.com"},
    )
    assert surrogate.status_code == 422
    assert admin.get("/api/v1/tickets/99999999999999999999999").status_code == 422
    assert admin.get("/api/v1/tickets/-1").status_code == 422
    assert admin.get("/api/v1/tickets/abc").status_code == 422
    assert admin.get("/api/v1/tickets?tag=a%00b").status_code == 200
    assert admin.get("/api/v1/tickets?customer=99999999999999999999").status_code == 422
    assert admin.post("/api/v1/tickets", "{", content_type="application/json").status_code == 400
    assert post(admin, "/api/v1/tickets", [1, 2]).status_code == 422
    ticket_id = created.json()["id"]
    for payload in ({"body": "x", "internal": 0}, {"body": "x", "internal": "yes"}):
        assert post(admin, f"/api/v1/tickets/{ticket_id}/messages", payload).status_code == 422
    assert (
        post(admin, f"/api/v1/tickets/{ticket_id}/merge", {"source_ids": ["1"]}).status_code == 422
    )
    assert (
        patch(admin, f"/api/v1/tickets/{created.json()['id']}", {"status": None}).status_code == 200
    )


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
)
def test_it_acknowledges_a_new_ticket_once(personas, django_capture_on_commit_callbacks):
    admin = client_for(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            admin,
            "/api/v1/tickets",
            {
                "subject": "Sipariş",
                "body": "Merhaba",
                "customer_email": "deniz@example.com",
                "customer_name": "Deniz",
                "language": "tr",
            },
        )
    assert response.status_code == 201
    assert len(mail.outbox) == 1
    assert response.json()["reference"] in mail.outbox[0].subject
    assert mail.outbox[0].to == ["deniz@example.com"]
    assert response.json()["language"] == "tr"
    assert Customer.objects.get(email="deniz@example.com").language == "tr"


def test_everything_needs_a_token(personas):
    ticket = make_ticket(personas.customer)
    anonymous = Client()
    for url in (
        "/api/v1/tickets",
        f"/api/v1/tickets/{ticket.pk}",
        "/api/v1/me",
        "/api/v1/customers",
        "/api/v1/macros",
    ):
        response = anonymous.get(url)
        assert response.status_code == 401
        assert response.json()["message"]
    assert anonymous.post("/api/v1/tickets", {}, content_type="application/json").status_code == 401
