"""Card numbers never reach the stored messages or the search index (one write path)."""

from __future__ import annotations

import pytest

from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.privacy.tests.scan import database_hits
from frontdesk.tickets import search
from frontdesk.tickets.access import tickets_for_actor
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.services import do_add_message, do_create_ticket

pytestmark = pytest.mark.django_db
CARD = "4111 1111 1111 1111"


def test_a_card_in_a_new_ticket_a_reply_and_an_email_is_stored_masked(personas, mailbox):
    ticket = do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject=f"Charge on {CARD}",
        body=f"My card {CARD} was charged twice.",
        body_html=f"<p>My card <b>{CARD}</b></p>",
        quoted_text=f"> {CARD}",
        team=personas.team,
    )
    reply = do_add_message(
        actor=personas.agent, ticket=ticket, body="Was it 4111-1111-1111-1111? Order 12345."
    )
    mailed = do_ingest_email(raw_email(body="Card 5555555555554444 again"), mailbox=mailbox)
    ticket.refresh_from_db()
    first = ticket.messages.first()
    assert ticket.subject == "Charge on •••• •••• •••• 1111"
    assert first.body == "My card •••• •••• •••• 1111 was charged twice."
    assert "•••• •••• •••• 1111" in first.body_html and CARD not in first.body_html
    assert first.quoted_text == "> •••• •••• •••• 1111"
    assert reply.body == "Was it ••••-••••-••••-1111? Order 12345."
    emailed = Message.objects.get(ticket__reference=mailed.reference)
    assert "••••••••••••4444" in emailed.body
    # Nothing stored anywhere has the full number (the raw email is the exception: it is
    # the original as received, shown only to administrators; docs/privacy.md).
    hits = database_hits(["4111111111111111", CARD, "4111-1111", "5555555555554444"])
    assert [hit for hit in hits if "InboundEmail.raw" not in hit] == []
    visible = tickets_for_actor(personas.admin)
    assert search.search_ticket_ids("1111", visible=visible, include_internal=True)
    assert search.search_ticket_ids("4111", visible=visible, include_internal=True) == []
    assert Ticket.objects.count() == 2
