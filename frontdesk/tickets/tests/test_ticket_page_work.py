"""The ticket page for a new agent (issue 20): refusals shown at the form, nothing typed
is lost, the conversation folds its older messages, and New ticket for calls and walk-ins."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from frontdesk.customers.models import Customer
from frontdesk.tickets.choices import AuthorType, Channel, MessageKind, Status
from frontdesk.tickets.forms import MAX_MESSAGE_CHARS
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.services import do_add_message
from frontdesk.tickets.tests.ticket_page_support import (  # noqa: F401 (fixture)
    client_for,
    fresh_cache,
    open_ticket,
    page_url,
    snapshot,
)

pytestmark = pytest.mark.django_db
NEW = "/tickets/new/"


def properties(ticket, **changes) -> dict:
    data = {
        "status": ticket.status,
        "priority": ticket.priority,
        "type": ticket.type,
        "assignee": ticket.assignee_id or "",
        "team": ticket.team_id or "",
        "tags": "",
        "handoff_note": "",
    }
    data.update(changes)
    return data


# --- errors where the user looks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "anchor", "field"),
    [
        ("ticket-escalate", {"reason": " "}, "escalation", "id_reason"),
        ("ticket-merge", {"reference": ""}, "merge", "id_reference"),
        ("ticket-collaborator", {"user": "", "note": "help"}, "help", "id_user"),
    ],
)
def test_a_refused_side_form_comes_back_open_at_its_anchor_with_focus(
    personas, name, data, anchor, field
):
    ticket = open_ticket(personas)
    response = client_for(personas.agent).post(page_url(ticket, name), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="{anchor}" open' in html
    assert f'#{anchor}"' in html  # the form's action comes back to the section
    tag = html[html.index(f'id="{field}"') - 200 : html.index(f'id="{field}"') + 200]
    assert "autofocus" in tag and 'aria-invalid="true"' in tag


def test_a_refused_transfer_keeps_the_note_field_in_focus_and_changes_nothing(personas):
    ticket = open_ticket(personas, assignee=personas.agent)
    before = snapshot(ticket)
    response = client_for(personas.agent).post(
        page_url(ticket, "ticket-update"), properties(ticket, team=personas.other_team.pk)
    )
    assert response.status_code == 422
    html = response.content.decode()
    note = html[html.index('id="id_handoff_note"') - 200 : html.index('id="id_handoff_note"')]
    assert "autofocus" in note
    assert "hand-off note so the customer never has to explain twice" in html
    assert snapshot(ticket) == before


def test_success_lands_at_the_top_where_the_confirmation_is(personas):
    ticket = open_ticket(personas)
    response = client_for(personas.agent).post(
        page_url(ticket, "ticket-reply"), {"body": "Hello", "kind": "reply"}
    )
    assert response.status_code == 302
    assert response["Location"] == page_url(ticket) + "#top"


# --- nothing typed is lost ---------------------------------------------------------------


def test_a_handoff_note_without_a_transfer_is_kept_as_an_internal_note(personas):
    ticket = open_ticket(personas, assignee=personas.agent)
    client = client_for(personas.agent)
    response = client.post(
        page_url(ticket, "ticket-update"),
        properties(ticket, priority="high", handoff_note="Customer calls back at 3 pm."),
        follow=True,
    )
    assert "your hand-off note was added as an internal note" in response.content.decode()
    note = Message.objects.get(ticket=ticket, kind=MessageKind.NOTE)
    assert note.body == "Customer calls back at 3 pm." and note.author_user == personas.agent
    ticket.refresh_from_db()
    assert ticket.priority == "high" and ticket.transfer_count == 0


def test_a_reply_over_the_limit_is_refused_with_the_text_kept(personas):
    ticket = open_ticket(personas)
    client = client_for(personas.agent)
    assert f'data-max-chars="{MAX_MESSAGE_CHARS}"' in client.get(page_url(ticket)).content.decode()
    long_text = ("Order 4111 1111 1111 1111 is late. " * (MAX_MESSAGE_CHARS // 30)).strip()
    assert len(long_text) > MAX_MESSAGE_CHARS
    response = client.post(page_url(ticket, "ticket-reply"), {"body": long_text, "kind": "reply"})
    assert response.status_code == 422
    html = response.content.decode()
    assert f"{len(long_text):,} characters long; the limit is {MAX_MESSAGE_CHARS:,}" in html
    assert long_text[:2000] in html  # kept in the editor
    assert not Message.objects.filter(ticket=ticket, author_type=AuthorType.AGENT).exists()
    at_limit = "x" * MAX_MESSAGE_CHARS
    ok = client.post(page_url(ticket, "ticket-reply"), {"body": at_limit, "kind": "reply"})
    assert ok.status_code == 302


# --- density -----------------------------------------------------------------------------


def test_older_messages_fold_and_the_newest_stay_open(personas):
    ticket = open_ticket(personas)
    for number in range(1, 5):
        do_add_message(actor=personas.customer, ticket=ticket, body=f"Message number {number}")
    html = client_for(personas.agent).get(page_url(ticket)).content.decode()
    assert "Show 3 earlier messages" in html
    folded = html[html.index('class="earlier-messages"') : html.index("</details>")]
    assert "I bought it two days ago" in folded and "Message number 2" in folded
    assert "Message number 3" not in folded and "Message number 4" in html


# --- new ticket --------------------------------------------------------------------------


def test_new_ticket_outsiders(personas):
    anonymous = Client().get(NEW)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    assert client_for(personas.light_agent).get(NEW).status_code == 403
    assert client_for(personas.light_agent).post(NEW, {"subject": "x"}).status_code == 403
    lookup = reverse("tickets:ticket-new-customers")
    assert client_for(personas.light_agent).get(lookup, {"customer_query": "ay"}).status_code == 403
    assert Client().get(lookup, {"customer_query": "ay"}).status_code == 302
    inbox = client_for(personas.light_agent).get("/inbox/").content.decode()
    assert NEW not in inbox
    assert NEW in client_for(personas.agent).get("/inbox/").content.decode()


def test_it_suggests_customers_by_name_or_email(personas):
    client = client_for(personas.agent)
    lookup = reverse("tickets:ticket-new-customers")
    by_name = client.get(lookup, {"customer_query": "yılmaz"}, HTTP_HX_REQUEST="true")
    assert "ayse@example.com" in by_name.content.decode()
    assert "janez" not in by_name.content.decode()
    by_mail = client.get(lookup, {"customer_query": "example.si"}).content.decode()
    assert "Janez Novak" in by_mail and "Ayşe" not in by_mail


def test_an_agent_opens_a_ticket_for_a_known_customer_from_a_call(personas):
    client = client_for(personas.agent)
    response = client.post(
        NEW,
        {
            "customer_query": "ayse",
            "customer": personas.customer.pk,
            "channel": Channel.PHONE,
            "subject": "Called about the refund",
            "body": "She asks when the refund arrives.",
            "body_kind": "customer",
            "team": personas.team.pk,
            "assign_to_me": "on",
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(subject="Called about the refund")
    assert response["Location"] == page_url(ticket) + "#top"
    assert ticket.customer == personas.customer and ticket.channel == Channel.PHONE
    assert ticket.assignee == personas.agent and ticket.status == Status.OPEN
    assert ticket.ack_state == "none"  # no acknowledgement unless ticked
    first = ticket.messages.get()
    assert first.author_type == AuthorType.CUSTOMER and first.kind == MessageKind.REPLY


def test_a_walk_in_becomes_a_new_customer_and_an_internal_note(personas):
    client = client_for(personas.agent)
    response = client.post(
        NEW,
        {
            "customer_query": "",
            "new_name": "Walk-in Visitor",
            "new_phone": "+371 2000 0000",
            "channel": Channel.WALK_IN,
            "subject": "Wants to exchange shoes",
            "body": "Came to the Riga shop with the receipt.",
            "body_kind": "note",
            "team": personas.team.pk,
        },
    )
    assert response.status_code == 302
    customer = Customer.objects.get(name="Walk-in Visitor")
    assert customer.email is None and customer.phone == "+371 2000 0000"
    ticket = Ticket.objects.get(customer=customer)
    assert ticket.channel == Channel.WALK_IN
    note = ticket.messages.get()
    assert note.kind == MessageKind.NOTE and note.author_user == personas.agent


def test_new_ticket_refusals_keep_the_input(personas):
    client = client_for(personas.agent)
    nobody = client.post(
        NEW, {"subject": "No customer", "body": "Text", "body_kind": "customer", "channel": "phone"}
    )
    assert nobody.status_code == 422
    html = nobody.content.decode()
    assert "Choose a customer from the list, or fill in a new customer." in html
    assert 'value="No customer"' in html
    taken = client.post(
        NEW,
        {
            "new_email": "AYSE@example.com",
            "subject": "Dup",
            "body": "Text",
            "body_kind": "customer",
            "channel": "email",
        },
    )
    assert taken.status_code == 422
    assert "already exists" in taken.content.decode()
    assert not Ticket.objects.filter(subject__in=["No customer", "Dup"]).exists()
    # A customer hidden from the agent cannot be chosen by id.
    assert Customer.objects.count() == 2
