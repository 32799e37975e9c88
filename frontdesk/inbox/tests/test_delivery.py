"""Email out: agent replies with threading headers, retries, and "not delivered"."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from frontdesk.inbox.email import delivery
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.choices import DeliveryStatus
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_add_message, do_update_ticket

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_ticket(personas) -> Ticket:
    Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)
    result = do_ingest_email(raw_email(subject="Broken kettle"))
    return Ticket.objects.get(reference=result.reference)


@override_settings(TASKS=IMMEDIATE)
def test_it_sends_an_agent_reply_threaded_to_the_customers_mail(
    personas, email_ticket, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        reply = do_add_message(
            actor=personas.agent, ticket=email_ticket, body="We will send a new kettle today."
        )
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT
    sent = mail.outbox[-1]
    assert sent.to == ["ayse@example.com"]
    assert sent.subject == f"Re: Broken kettle [{email_ticket.reference}]"
    customer_mail_id = email_ticket.messages.first().external_id
    assert sent.extra_headers["In-Reply-To"] == customer_mail_id
    assert customer_mail_id in sent.extra_headers["References"]
    assert sent.extra_headers["Message-ID"] == reply.external_id
    assert "Auto-Submitted" not in sent.extra_headers
    assert (
        sent.from_email.endswith("<support@example.com>")
        or sent.from_email == "support@example.com"
    )
    html = sent.alternatives[0]
    assert html[1] == "text/html" and "new kettle" in html[0]


@override_settings(TASKS=IMMEDIATE)
def test_it_does_not_email_internal_notes(
    personas, email_ticket, django_capture_on_commit_callbacks
) -> None:
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        note = do_add_message(
            actor=personas.agent, ticket=email_ticket, body="Check stock first", internal=True
        )
    assert len(mail.outbox) == before
    assert note.delivery_status == ""


def test_it_keeps_headers_single_line_whatever_the_subject(personas, email_ticket) -> None:
    do_update_ticket(
        actor=personas.agent, ticket=email_ticket, subject="Hi\r\nBcc: victim@example.com"
    )
    reply = do_add_message(actor=personas.agent, ticket=email_ticket, body="Answer")
    assert delivery.deliver(reply.pk) == "sent"
    raw = mail.outbox[-1].message().as_bytes()
    parsed = message_from_bytes(raw, policy=default)
    assert parsed["Bcc"] is None
    assert "victim@example.com" not in (parsed["To"] or "")


def test_it_retries_a_temporary_failure_and_shows_a_permanent_one(
    personas, email_ticket, smtp_sink
) -> None:
    smtp_sink.reject("ayse@example.com", code=451, text="4.3.0 Try again later")
    reply = do_add_message(actor=personas.agent, ticket=email_ticket, body="Here is the answer.")
    assert delivery.deliver(reply.pk) == "retry"
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert "451" in reply.delivery_error and reply.delivery_attempts == 1
    later = timezone.now() + timedelta(minutes=5)
    smtp_sink.reject("ayse@example.com", code=550, text="5.1.1 No such user")
    assert reply.pk in delivery.due_for_retry(later)
    assert delivery.deliver(reply.pk, later) == "failed"
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert "550" in reply.delivery_error and "No such user" in reply.delivery_error
    assert reply.pk not in delivery.due_for_retry(later + timedelta(hours=5))
    assert reply.body == "Here is the answer."  # the reply itself is never lost
    smtp_sink.accept("ayse@example.com")
    assert delivery.deliver(reply.pk, later) == "skipped"


def test_it_never_sends_one_reply_twice(personas, email_ticket) -> None:
    reply = do_add_message(actor=personas.agent, ticket=email_ticket, body="Once only")
    before = len(mail.outbox)
    assert delivery.deliver(reply.pk) == "sent"
    assert delivery.deliver(reply.pk) == "skipped"
    assert len(mail.outbox) == before + 1


def test_it_sends_through_the_mailboxs_own_smtp_server(
    personas, email_ticket, smtp_sink, settings
) -> None:
    from frontdesk.core import crypto
    from frontdesk.inbox.choices import Security
    from frontdesk.inbox.tests.mailservers import SmtpSink

    settings.EMAIL_PORT = 1  # the global server is unreachable: only the mailbox's works
    with SmtpSink() as own:
        Mailbox.objects.filter(address="support@example.com").update(
            smtp_host=own.host,
            smtp_port=own.port,
            smtp_security=Security.NONE,
            smtp_password_encrypted=crypto.encrypt(""),
        )
        reply = do_add_message(actor=personas.agent, ticket=email_ticket, body="Via our own server")
        assert delivery.deliver(reply.pk) == "sent"
        received = own.wait_for(1)[0]
        assert received.rcpt_tos == ("ayse@example.com",)
        assert b"Via our own server" in received.raw
    assert smtp_sink.messages == [] or all(b"Via our own" not in m.raw for m in smtp_sink.messages)
