"""A signed-in customer's own requests: read, answer, download; nobody else's (X1)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from frontdesk.portal.tests.support import signed_in
from frontdesk.tickets.choices import Status
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import (
    NewAttachment,
    do_add_message,
    do_create_ticket,
    do_update_ticket,
)


def _ticket(personas, customer=None, **kwargs) -> Ticket:
    customer = customer or personas.customer
    return do_create_ticket(
        actor=customer,
        customer=customer,
        subject=kwargs.pop("subject", "Wrong size"),
        body=kwargs.pop("body", "I need a size M instead."),
        team=personas.team,
        acknowledge=False,
        **kwargs,
    )


def test_visitors_are_sent_to_sign_in(personas):
    ticket = _ticket(personas)
    client = Client()
    for url in ("/requests/", f"/requests/{ticket.reference}/", "/requests/attachments/1/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/account/sign-in/"


def test_customer_reads_replies_but_not_internal_notes(personas):
    ticket = _ticket(personas)
    do_add_message(actor=personas.agent, ticket=ticket, body="Size M is on its way.")
    do_add_message(actor=personas.agent, ticket=ticket, body="SECRET note", internal=True)
    _ticket(personas, customer=personas.other_customer, subject="Janez's parcel")
    client = signed_in(personas.customer)
    listing = client.get("/requests/").content.decode()
    assert ticket.reference in listing and "Janez" not in listing
    html = client.get(f"/requests/{ticket.reference}/").content.decode()
    assert "Size M is on its way." in html and "I need a size M instead." in html
    assert "SECRET" not in html


def test_customer_answers_and_a_solved_ticket_reopens(personas):
    ticket = _ticket(personas)
    do_update_ticket(actor=personas.agent, ticket=ticket, status=Status.SOLVED)
    client = signed_in(personas.customer)
    gif = (  # a real 1×1 GIF: images are decoded and written again
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
        b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    photo = SimpleUploadedFile("tag.gif", gif, content_type="image/gif")
    response = client.post(
        f"/requests/{ticket.reference}/", {"message": "Still too big.", "attachments": [photo]}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    # Back to the agent who solved it (a solve assigns the solver): open, not new.
    assert ticket.status == Status.OPEN and ticket.reopen_count == 1
    assert ticket.assignee == personas.agent
    message = ticket.messages.last()
    assert message.body == "Still too big." and message.author_customer == personas.customer
    assert message.attachments.get().filename == "tag.gif"
    empty = client.post(f"/requests/{ticket.reference}/", {"message": "  "})
    assert empty.status_code == 200 and "Please write a message" in empty.content.decode()


def test_another_customers_ticket_and_files_are_404(personas):
    theirs = _ticket(
        personas,
        customer=personas.other_customer,
        attachments=[NewAttachment("invoice.pdf", b"%PDF-1.4 secret")],
    )
    mine = _ticket(personas, attachments=[NewAttachment("receipt.pdf", b"%PDF-1.4 mine")])
    note = do_add_message(
        actor=personas.agent,
        ticket=mine,
        body="internal",
        internal=True,
        attachments=[NewAttachment("internal.pdf", b"%PDF-1.4 staff only")],
    )
    client = signed_in(personas.customer)
    assert client.get(f"/requests/{theirs.reference}/").status_code == 404
    assert client.post(f"/requests/{theirs.reference}/", {"message": "hi"}).status_code == 404
    assert theirs.messages.count() == 1
    their_file = theirs.messages.get().attachments.get()
    assert client.get(f"/requests/attachments/{their_file.pk}/").status_code == 404
    assert client.get(f"/requests/attachments/{note.attachments.get().pk}/").status_code == 404
    my_file = mine.messages.first().attachments.get()
    response = client.get(f"/requests/attachments/{my_file.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client.get("/requests/FD-NOPE123/").status_code == 404


def test_payloads_are_escaped_in_the_conversation(personas):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ticket = _ticket(personas, subject=payload, body=payload)
    do_add_message(actor=personas.agent, ticket=ticket, body=payload)
    client = signed_in(personas.customer)
    for url in ("/requests/", f"/requests/{ticket.reference}/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert" in html


def test_the_conversation_page_has_a_query_budget(personas):
    ticket = _ticket(personas, attachments=[NewAttachment("a.pdf", b"%PDF-1.4")])
    client = signed_in(personas.customer)
    url = f"/requests/{ticket.reference}/"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count()  # warm-up: the first request of a fresh database creates the workspace row
    few = count()
    for i in range(15):
        do_add_message(
            actor=personas.agent if i % 2 else personas.customer,
            ticket=ticket,
            body=f"message {i}",
            attachments=[NewAttachment(f"f{i}.pdf", b"%PDF-1.4")],
        )
    assert count() == few <= 10
