"""The ticket page: reading, replying, notes, mentions, macros, attachments, escaping."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client, override_settings

from frontdesk.tickets.choices import MessageKind, Status
from frontdesk.tickets.models import Macro
from frontdesk.tickets.services import NewAttachment, do_add_message
from frontdesk.tickets.tests.ticket_page_support import (  # noqa: F401 (fixture)
    client_for,
    fresh_cache,
    open_ticket,
    page_url,
)

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_sign_in(personas):
    ticket = open_ticket(personas)
    response = Client().get(page_url(ticket))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_it_shows_the_conversation_with_notes_set_apart(personas):
    ticket = open_ticket(
        personas, attachments=[NewAttachment(filename="receipt.pdf", content=b"%PDF-1.4 r")]
    )
    do_add_message(actor=personas.agent, ticket=ticket, body="Sorry to hear that!")
    do_add_message(actor=personas.agent, ticket=ticket, body="Check the batch.", internal=True)
    response = client_for(personas.agent).get(page_url(ticket))
    assert response.status_code == 200
    html = response.content.decode()
    assert ticket.reference in html and "The blouse fell apart in the wash" in html
    assert "I bought it two days ago" in html and "Sorry to hear that!" in html
    assert html.count('class="message from-agent note"') == 1
    assert "Internal note" in html and "Check the batch." in html
    attachment = ticket.messages.first().attachments.get()
    assert f"/attachments/{attachment.pk}" in html and "receipt.pdf" in html
    assert "Ayşe Yılmaz" in html  # the customer panel


def test_an_agent_replies_and_writes_a_note(personas):
    ticket = open_ticket(personas)
    agent = client_for(personas.agent)
    response = agent.post(
        page_url(ticket, "ticket-reply"), {"body": "On its way.", "kind": "reply"}
    )
    # Back at the top of the page, where the confirmation is shown.
    assert response.status_code == 302 and response["Location"] == page_url(ticket) + "#top"
    response = agent.post(page_url(ticket, "ticket-reply"), {"body": "Courier?", "kind": "note"})
    assert response.status_code == 302
    reply, note = ticket.messages.order_by("pk")[1:]
    assert (reply.kind, reply.author_user) == (MessageKind.REPLY, personas.agent)
    assert (note.kind, note.body) == (MessageKind.NOTE, "Courier?")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and ticket.first_response_at is not None


def test_an_empty_reply_is_refused_with_a_clear_error(personas):
    ticket = open_ticket(personas)
    response = client_for(personas.agent).post(
        page_url(ticket, "ticket-reply"), {"body": "  ", "kind": "reply"}
    )
    assert response.status_code == 422
    assert "The message is required." in response.content.decode()
    assert ticket.messages.count() == 1


def test_a_light_agent_cannot_reply_publicly(personas):
    ticket = open_ticket(personas)
    lena = client_for(personas.light_agent)
    html = lena.get(page_url(ticket)).content.decode()
    assert 'value="reply"' not in html and 'value="note"' in html
    response = lena.post(page_url(ticket, "ticket-reply"), {"body": "Hi!", "kind": "reply"})
    assert response.status_code == 422
    assert "Hi!" in response.content.decode()  # the text is kept
    assert ticket.messages.count() == 1
    response = lena.post(page_url(ticket, "ticket-reply"), {"body": "FYI", "kind": "note"})
    assert response.status_code == 302
    assert ticket.messages.last().kind == MessageKind.NOTE


def test_a_mention_in_a_note_asks_the_colleague_in(personas):
    ticket = open_ticket(personas)
    oskar = client_for(personas.other_agent)
    assert oskar.get(page_url(ticket)).status_code == 404
    client_for(personas.agent).post(
        page_url(ticket, "ticket-reply"),
        {"body": "@oskar, do you know this batch? Mail anna@example.com.", "kind": "note"},
    )
    assert list(ticket.collaborators.all()) == [personas.other_agent]
    assert oskar.get(page_url(ticket)).status_code == 200


def test_a_mention_in_a_public_reply_adds_nobody(personas):
    ticket = open_ticket(personas)
    client_for(personas.agent).post(
        page_url(ticket, "ticket-reply"), {"body": "Thanks @oskar", "kind": "reply"}
    )
    assert not ticket.collaborators.exists()


@pytest.fixture
def macros(personas):
    return {
        "thanks": Macro.objects.create(
            name="Thanks", body="Hello {{customer.first_name}}, {{ ticket.reference }}. {{x.y}}"
        ),
        "foreign": Macro.objects.create(
            name="Ljubljana greeting", team=personas.other_team, body="Živjo"
        ),
    }


def test_a_macro_is_rendered_for_the_editor(personas, macros):
    ticket = open_ticket(personas)
    agent = client_for(personas.agent)
    html = agent.get(page_url(ticket)).content.decode()
    assert "Thanks" in html and "Ljubljana greeting" not in html
    url = page_url(ticket, "ticket-macro")
    response = agent.get(url, {"macro": macros["thanks"].pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == f"Hello Ayşe, {ticket.reference}. {{{{x.y}}}}"
    # Without JavaScript the page comes back with the text in the editor.
    page = agent.get(url, {"macro": macros["thanks"].pk}).content.decode()
    assert f"Hello Ayşe, {ticket.reference}." in page
    assert agent.get(url, {"macro": macros["foreign"].pk}).status_code == 404
    assert agent.get(url, {"macro": "nope"}).status_code == 404


def test_attachments_are_stored_and_limits_keep_the_text(personas):
    ticket = open_ticket(personas)
    agent = client_for(personas.agent)
    upload = SimpleUploadedFile("label.pdf", b"%PDF-1.4 label", content_type="application/pdf")
    response = agent.post(
        page_url(ticket, "ticket-reply"),
        {"body": "Return label attached.", "kind": "reply", "attachments": [upload]},
    )
    assert response.status_code == 302
    assert ticket.messages.last().attachments.get().filename == "label.pdf"
    with override_settings(FRONTDESK_MAX_ATTACHMENT_BYTES=10):
        big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 100)
        response = agent.post(
            page_url(ticket, "ticket-reply"),
            {"body": "Here is the big one.", "kind": "reply", "attachments": [big]},
        )
    assert response.status_code == 422
    html = response.content.decode()
    assert "big.pdf is larger than the limit per file." in html
    assert "Here is the big one." in html
    assert ticket.messages.count() == 2


XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def test_customer_text_is_shown_escaped(personas):
    ticket = open_ticket(
        personas,
        subject=f"Help {XSS[0]}",
        body=f"Look: {XSS[1]} and {XSS[0]}",
        attachments=[NewAttachment(filename=f"{XSS[1]}.txt", content=b"hi")],
    )
    personas.customer.name = XSS[0]
    personas.customer.save()
    html = client_for(personas.agent).get(page_url(ticket)).content.decode()
    for payload in XSS:
        assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
