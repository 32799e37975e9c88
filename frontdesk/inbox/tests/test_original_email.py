"""The original email of a message, and what the ticket page shows of the email channel."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from frontdesk.customers.models import Customer
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import quoting_reply, raw_email
from frontdesk.portal.tests.support import signed_in
from frontdesk.tickets.choices import DeliveryStatus
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.services import do_add_message

pytestmark = pytest.mark.django_db

HTML = (
    '<p>Hello <b>team</b></p><script>alert("x")</script>'
    '<img src="https://tracker.example/p.gif" onerror="alert(2)">'
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mailbox(personas) -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)


@pytest.fixture
def email_message(mailbox) -> Message:
    """A customer's email with a quote, an HTML part and a Cc, turned into a ticket."""
    body = quoting_reply(
        "Your order FD-1 has shipped.",
        "The kettle arrived broken <b>again</b>.",
        attribution="On Monday, Support <support@example.com> wrote:",
    )
    raw = raw_email(
        name="Ayşe Yılmaz",
        cc="husband@example.com",
        subject="Broken kettle <script>",
        body=body,
        html=HTML,
    )
    result = do_ingest_email(raw, mailbox=mailbox)
    return Ticket.objects.get(reference=result.reference).messages.get()


def original_url(message: Message, suffix: str = "") -> str:
    return f"/tickets/{message.ticket_id}/messages/{message.pk}/original/{suffix}"


def download_url(message: Message) -> str:
    return f"/tickets/{message.ticket_id}/messages/{message.pk}/original.eml"


# --- who may see it --------------------------------------------------------------------


def test_an_agent_of_the_team_reads_the_original_email(personas, email_message) -> None:
    response = client_for(personas.agent).get(original_url(email_message))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ayşe Yılmaz" in html and "ayse@example.com" in html
    assert "support@example.com" in html and "husband@example.com" in html
    assert "Broken kettle &lt;script&gt;" in html
    # The full text, quote included, escaped.
    assert "The kettle arrived broken &lt;b&gt;again&lt;/b&gt;." in html
    assert "&gt; Your order FD-1 has shipped." in html
    assert download_url(email_message) in html
    assert "style=" not in html


def test_the_html_part_is_sanitised_and_sandboxed(personas, email_message) -> None:
    html = client_for(personas.agent).get(original_url(email_message)).content.decode()
    assert "<script>alert" not in html and "<b>team</b>" not in html
    assert 'sandbox=""' in html and "srcdoc=" in html
    srcdoc = html.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert "&lt;b&gt;team&lt;/b&gt;" in srcdoc
    assert "script" not in srcdoc and "onerror" not in srcdoc


def test_an_agent_of_another_team_gets_404(personas, email_message) -> None:
    client = client_for(personas.other_agent)
    assert client.get(original_url(email_message)).status_code == 404
    assert client.get(download_url(email_message)).status_code == 404


def test_a_customer_never_sees_it(personas, email_message) -> None:
    client = signed_in(personas.customer)
    for url in (original_url(email_message), download_url(email_message)):
        response = client.get(url)
        assert response.status_code in (302, 404)
        assert b"arrived broken" not in response.content


def test_anonymous_visitors_go_to_sign_in(email_message) -> None:
    response = Client().get(original_url(email_message))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_message_must_belong_to_the_ticket_in_the_url(personas, email_message) -> None:
    other = do_ingest_email(raw_email(subject="Other request", sender="ayse@example.com"))
    other_ticket = Ticket.objects.get(reference=other.reference)
    url = f"/tickets/{other_ticket.pk}/messages/{email_message.pk}/original/"
    assert client_for(personas.agent).get(url).status_code == 404


def test_a_message_without_an_email_gets_404(personas, email_message) -> None:
    reply = do_add_message(actor=personas.agent, ticket=email_message.ticket, body="On its way")
    assert client_for(personas.agent).get(original_url(reply)).status_code == 404


def test_the_original_downloads_as_an_attachment(personas, email_message) -> None:
    response = client_for(personas.admin).get(download_url(email_message))
    assert response.status_code == 200
    assert response.content == bytes(email_message.inbound_emails.get().raw)
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


# --- the ticket page -------------------------------------------------------------------


def ticket_page(personas, ticket: Ticket) -> str:
    response = client_for(personas.agent).get(f"/tickets/{ticket.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_ticket_page_hides_the_quote_and_links_the_original(personas, email_message) -> None:
    html = ticket_page(personas, email_message.ticket)
    assert email_message.quoted_text
    assert "<summary>Show quoted text</summary>" in html
    assert "Your order FD-1 has shipped." in html
    assert f'href="{original_url(email_message)}"' in html and "Original email" in html


def test_the_ticket_page_shows_delivery_states(personas, email_message) -> None:
    ticket = email_message.ticket
    states = [
        (DeliveryStatus.SENT, "", 1),
        (DeliveryStatus.FAILED, "550 mailbox <unknown>", 99),  # given up
        (DeliveryStatus.FAILED, "451 try later", 1),  # will be retried
        (DeliveryStatus.QUEUED, "", 0),
    ]
    replies = []
    for status, error, attempts in states:
        reply = do_add_message(actor=personas.agent, ticket=ticket, body=f"Reply {status}")
        Message.objects.filter(pk=reply.pk).update(
            delivery_status=status, delivery_error=error, delivery_attempts=attempts
        )
        replies.append(reply)
    html = ticket_page(personas, ticket)
    assert "Sent by email" in html and "Sending…" in html
    assert "Not delivered: 550 mailbox &lt;unknown&gt;" in html
    assert "Not delivered yet, trying again: 451 try later" in html
    assert 'data-delivery="failed"' in html and "notice-danger" in html
    assert all(f'id="message-{reply.pk}"' in html for reply in replies)


def test_the_customer_panel_warns_about_a_bouncing_address(personas, email_message) -> None:
    Customer.objects.filter(pk=personas.customer.pk).update(
        email_bounced_at=timezone.now(), email_bounce_reason="550 5.1.1 <user unknown>"
    )
    html = ticket_page(personas, email_message.ticket)
    assert "Mail to this address bounces: 550 5.1.1 &lt;user unknown&gt;" in html
