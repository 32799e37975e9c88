"""Collision warning (T6) and the ticket page's query budget."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontdesk.tickets import presence
from frontdesk.tickets.services import (
    NewAttachment,
    do_add_message,
    do_escalate_ticket,
    do_update_ticket,
)
from frontdesk.tickets.tests.ticket_page_support import (  # noqa: F401 (fixture)
    client_for,
    fresh_cache,
    open_ticket,
    page_url,
)

pytestmark = pytest.mark.django_db


def test_two_agents_on_one_ticket_see_each_other(personas):
    ticket = open_ticket(personas)
    anna = client_for(personas.agent)
    maria = client_for(personas.manager)
    assert "is viewing this ticket" not in anna.get(page_url(ticket)).content.decode()
    html = maria.get(page_url(ticket)).content.decode()
    assert "anna is viewing this ticket" in html
    response = anna.post(page_url(ticket, "ticket-presence"), {"state": "typing"})
    assert response.status_code == 200
    assert "maria is viewing this ticket" in response.content.decode()
    response = maria.post(page_url(ticket, "ticket-presence"), {"state": "viewing"})
    assert "anna is replying" in response.content.decode()
    assert anna.post(page_url(ticket, "ticket-presence"), {"state": "left"}).status_code == 204
    response = maria.post(page_url(ticket, "ticket-presence"), {"state": "viewing"})
    assert "anna" not in response.content.decode()


def test_presence_forgets_silent_agents_and_unknown_states(personas):
    ticket = open_ticket(personas)
    presence.record(ticket.pk, personas.agent, "typing", now=1000.0)
    presence.record(ticket.pk, personas.light_agent, "dancing", now=1025.0)
    seen = presence.others(ticket.pk, personas.manager, now=1031.0)
    assert [(p.name, p.state) for p in seen] == [("lena", "viewing")]
    assert presence.others(ticket.pk, personas.light_agent, now=1031.0) == []


def _busy_ticket(personas, messages: int):
    ticket = open_ticket(
        personas, attachments=[NewAttachment(filename="receipt.pdf", content=b"%PDF-1.4")]
    )
    for number in range(messages):
        if number % 3 == 0:
            do_add_message(actor=personas.customer, ticket=ticket, body=f"Customer {number}")
        elif number % 3 == 1:
            do_add_message(
                actor=personas.agent,
                ticket=ticket,
                body=f"Reply {number}",
                attachments=[NewAttachment(filename=f"f{number}.txt", content=b"x")],
            )
        else:
            do_add_message(actor=personas.manager, ticket=ticket, body=f"Note {number}",
                           internal=True)  # fmt: skip
    do_update_ticket(actor=personas.agent, ticket=ticket, tags=["a", "b"], priority="high")
    do_escalate_ticket(actor=personas.agent, ticket=ticket, reason="Loud")
    open_ticket(personas, subject="Earlier one")
    return ticket


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_page_runs_the_same_number_of_queries_for_3_or_40_messages(personas):
    small = _busy_ticket(personas, 3)
    large = _busy_ticket(personas, 40)
    agent = client_for(personas.agent)
    agent.get(page_url(small))  # warm the session and workspace
    small_count = _queries(agent, page_url(small))
    assert small_count == _queries(agent, page_url(large))
    # 16, plus the follow-up default of the Solve card: its settings and the ticket's calendar.
    assert small_count <= 18, small_count
