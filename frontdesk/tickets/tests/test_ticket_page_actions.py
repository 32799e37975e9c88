"""The ticket page's side panel and guards: transfer, escalation, help, merge, outsiders."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from frontdesk.tickets.choices import EventKind, Status
from frontdesk.tickets.models import Macro
from frontdesk.tickets.services import do_add_message, do_escalate_ticket, do_update_ticket
from frontdesk.tickets.tests.ticket_page_support import (  # noqa: F401 (fixture)
    client_for,
    fresh_cache,
    open_ticket,
    page_url,
    snapshot,
)

pytestmark = pytest.mark.django_db

POSTS = {
    "ticket-reply": {"body": "Hello", "kind": "note"},
    "ticket-update": {"status": "solved", "priority": "urgent", "type": "question", "tags": "x"},
    "ticket-escalate": {"reason": "Angry"},
    "ticket-deescalate": {"note": "ok"},
    "ticket-collaborator": {"user": "0", "note": "help"},
    "ticket-merge": {"reference": "FD-XXXXXXX"},
    "ticket-presence": {"state": "typing"},
}


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


@pytest.mark.parametrize("name", sorted(POSTS))
def test_outsiders_get_404_and_change_nothing(personas, name):
    ticket = open_ticket(personas)
    data = dict(POSTS[name])
    if name == "ticket-collaborator":
        data["user"] = str(personas.other_agent.pk)
    before = snapshot(ticket)
    oskar = client_for(personas.other_agent)
    assert oskar.get(page_url(ticket)).status_code == 404
    assert oskar.post(page_url(ticket, name), data).status_code == 404
    anonymous = Client().post(page_url(ticket, name), data)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    assert snapshot(ticket) == before


def test_outsiders_cannot_render_macros_for_a_foreign_ticket(personas):
    ticket = open_ticket(personas)
    macro = Macro.objects.create(name="Hi", body="Hi {{customer.email}}")
    response = client_for(personas.other_agent).get(
        page_url(ticket, "ticket-macro"), {"macro": macro.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert b"ayse@example.com" not in response.content


def test_properties_change_through_the_service(personas):
    ticket = open_ticket(personas)
    response = client_for(personas.agent).post(
        page_url(ticket, "ticket-update"),
        properties(ticket, priority="high", type="complaint", tags="Returns, blouse",
                   assignee=personas.agent.pk),
    )  # fmt: skip
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.type, ticket.assignee) == ("high", "complaint", personas.agent)
    assert ticket.status == Status.OPEN and ticket.transfer_count == 0
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["blouse", "returns"]
    html = client_for(personas.agent).get(page_url(ticket)).content.decode()
    assert "High" in html and "Normal" in html  # history shows labels: Normal -> High


def test_a_transfer_needs_a_handoff_note(personas):
    ticket = open_ticket(personas, assignee=personas.agent)
    agent = client_for(personas.agent)
    before = snapshot(ticket)
    moved = properties(ticket, assignee=personas.manager.pk, priority="high")
    response = agent.post(page_url(ticket, "ticket-update"), moved)
    assert response.status_code == 422
    assert "A transfer needs a hand-off note" in response.content.decode()
    assert snapshot(ticket) == before
    moved["handoff_note"] = "She has the receipt; refund approved up to 30 EUR."
    response = agent.post(page_url(ticket, "ticket-update"), moved)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.transfer_count == 1 and ticket.assignee == personas.manager
    assert ticket.priority == "high"
    html = agent.get(page_url(ticket)).content.decode()
    assert "refund approved up to 30 EUR." in html
    assert '<dd class="transfer-count">1</dd>' in html


def test_moving_a_ticket_out_of_view_goes_back_to_the_inbox(personas):
    ticket = open_ticket(personas)
    response = client_for(personas.agent).post(
        page_url(ticket, "ticket-update"), properties(ticket, team=personas.other_team.pk,
                                                      handoff_note="Ljubljana branch stock")
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("tickets:inbox")
    ticket.refresh_from_db()
    assert ticket.team == personas.other_team


def test_escalation_with_a_reason_and_resolution_by_a_manager(personas):
    ticket = open_ticket(personas)
    agent = client_for(personas.agent)
    response = agent.post(page_url(ticket, "ticket-escalate"), {"reason": ""})
    assert response.status_code == 422 and b"An escalation needs a reason." in response.content
    response = agent.post(page_url(ticket, "ticket-escalate"), {"reason": "Third complaint"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.is_escalated and ticket.escalation_reason == "Third complaint"
    html = agent.get(page_url(ticket)).content.decode()
    assert "badge-escalated" in html and "Third complaint" in html
    response = agent.post(page_url(ticket, "ticket-deescalate"), {"note": ""})
    assert response.status_code == 422 and b"Only managers" in response.content
    response = client_for(personas.manager).post(
        page_url(ticket, "ticket-deescalate"), {"note": "Gift card"}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert not ticket.is_escalated


def test_asking_a_colleague_for_help(personas):
    ticket = open_ticket(personas)
    response = client_for(personas.agent).post(
        page_url(ticket, "ticket-collaborator"),
        {"user": personas.other_agent.pk, "note": "Stock in Ljubljana?"},
    )
    assert response.status_code == 302
    assert list(ticket.collaborators.all()) == [personas.other_agent]
    event = ticket.events.get(kind=EventKind.COLLABORATOR)
    assert event.note == "Stock in Ljubljana?"


def test_merging_a_duplicate_by_reference(personas):
    ticket = open_ticket(personas)
    duplicate = open_ticket(personas, subject="Blouse again", body="Did you get my mail?")
    response = client_for(personas.agent).post(
        page_url(ticket, "ticket-merge"), {"reference": duplicate.reference.lower()}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == ticket and duplicate.status == Status.CLOSED
    assert ticket.messages.filter(body="Did you get my mail?").exists()


def test_merging_refuses_foreign_and_unknown_references(personas):
    ticket = open_ticket(personas)
    other_customers = open_ticket(personas, customer=personas.other_customer)
    hidden = open_ticket(personas, team=personas.other_team)
    agent = client_for(personas.agent)
    before = [snapshot(t) for t in (ticket, other_customers, hidden)]
    cases = [
        (other_customers.reference, "Only tickets of the same customer can be merged."),
        (hidden.reference, f"No ticket {hidden.reference} that you can see."),
        ("FD-ZZZZZZZ", "No ticket FD-ZZZZZZZ that you can see."),
        (ticket.reference, "A ticket cannot be merged into itself."),
    ]
    for reference, error in cases:
        response = agent.post(page_url(ticket, "ticket-merge"), {"reference": reference})
        assert response.status_code == 422
        assert error in response.content.decode()
    assert [snapshot(t) for t in (ticket, other_customers, hidden)] == before


def test_the_customer_panel_shows_context_the_agent_may_see(personas):
    earlier = open_ticket(personas, subject="Wrong size delivered")
    open_ticket(personas, subject="Secret Ljubljana matter", team=personas.other_team)
    do_update_ticket(actor=personas.agent, ticket=earlier, status=Status.SOLVED)
    pending = open_ticket(personas, subject="Gift card question")
    ticket = open_ticket(personas)
    html = client_for(personas.agent).get(page_url(ticket)).content.decode()
    assert "Last contacted" in html and "Gift card question" in html
    assert "1 other open request" in html
    assert "Wrong size delivered" in html
    assert "Secret Ljubljana matter" not in html
    assert "No ratings yet" in html and "data-satisfaction" in html
    assert page_url(pending) in html


def test_a_new_message_while_writing_asks_before_sending(personas):
    ticket = open_ticket(personas)
    agent = client_for(personas.agent)
    page = agent.get(page_url(ticket))
    last_id = page.context["reply_form"].initial["last_message_id"]
    do_add_message(actor=personas.customer, ticket=ticket, body="Actually, it was the skirt.")
    data = {"body": "We will refund the blouse.", "kind": "reply", "last_message_id": last_id}
    response = agent.post(page_url(ticket, "ticket-reply"), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "A new message arrived while you were writing" in html
    assert "We will refund the blouse." in html and "Actually, it was the skirt." in html
    assert not ticket.messages.filter(author_user=personas.agent).exists()
    confirmed = response.context["reply_form"].data
    assert confirmed["confirm"] == "1"
    response = agent.post(page_url(ticket, "ticket-reply"), confirmed)
    assert response.status_code == 302
    assert ticket.messages.filter(author_user=personas.agent).count() == 1


def test_own_messages_do_not_trigger_the_new_message_warning(personas):
    ticket = open_ticket(personas)
    agent = client_for(personas.agent)
    last_id = agent.get(page_url(ticket)).context["reply_form"].initial["last_message_id"]
    do_add_message(actor=personas.agent, ticket=ticket, body="First part", internal=True)
    response = agent.post(
        page_url(ticket, "ticket-reply"),
        {"body": "Second part", "kind": "note", "last_message_id": last_id},
    )
    assert response.status_code == 302


def test_escalated_tickets_show_the_reason_escaped(personas):
    ticket = open_ticket(personas)
    do_escalate_ticket(actor=personas.agent, ticket=ticket, reason="<b>shouting</b>")
    html = client_for(personas.manager).get(page_url(ticket)).content.decode()
    assert "&lt;b&gt;shouting&lt;/b&gt;" in html and "<b>shouting</b>" not in html
