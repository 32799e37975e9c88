"""Email in: tickets, replies, threading, duplicates, loops, bounces, quarantine."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from frontdesk.customers.models import Customer
from frontdesk.inbox.choices import InboundStatus, Outcome
from frontdesk.inbox.email import routing
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.inbox.services import do_ingest_email, do_reprocess_email
from frontdesk.inbox.tests.mail_factory import quoting_reply, raw_email
from frontdesk.tickets.choices import AckState, Channel, DeliveryStatus, MessageKind
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.outbound import message_id_for

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

pytestmark = pytest.mark.django_db


def ticket_of(line: str) -> Ticket:
    _kind, reference = line.split()
    return Ticket.objects.get(reference=reference)


@pytest.fixture
def mailbox(personas) -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)


def test_it_opens_a_ticket_with_customer_subject_body_and_attachments(mailbox) -> None:
    raw = raw_email(
        sender="Piotr.Nowak@Example.org",
        name="Piotr Nowák",
        subject="=?utf-8?q?Zam=C3=B3wienie?= missing",
        body="Dobrý deň, moja objednávka ešte neprišla. Môžete mi prosím pomôcť?",
        attachments=[("faktúra.pdf", b"%PDF-1.4 test", "application/pdf")],
    )
    result = do_ingest_email(raw, mailbox=mailbox)
    assert result.outcome == Outcome.TICKET
    ticket = ticket_of(result.line())
    assert ticket.channel == Channel.EMAIL
    assert ticket.team == mailbox.team
    assert ticket.reply_address == "support@example.com"
    assert ticket.customer.email == "piotr.nowak@example.org"
    assert ticket.customer.name == "Piotr Nowák"
    assert ticket.customer.language == "sk"  # L2: detected from the first message
    first = ticket.messages.get()
    assert "objednávka ešte neprišla" in first.body
    assert first.external_id.startswith("<") and first.external_id.endswith(">")
    assert [a.filename for a in first.attachments.all()] == ["faktúra.pdf"]
    assert ticket.ack_state == AckState.PENDING
    inbound = InboundEmail.objects.get()
    assert inbound.status == InboundStatus.PROCESSED and inbound.ticket == ticket
    assert bytes(inbound.raw) == raw


def test_it_keeps_the_language_of_a_known_customer(personas, mailbox) -> None:
    result = do_ingest_email(raw_email(body="Hello, my order did not arrive, please help me."))
    assert ticket_of(result.line()).customer == personas.customer
    personas.customer.refresh_from_db()
    assert personas.customer.language == "tr"


def test_it_makes_one_ticket_when_the_same_mail_arrives_twice(mailbox) -> None:
    raw = raw_email()
    first = do_ingest_email(raw)
    again = do_ingest_email(raw)
    assert again.outcome == Outcome.DUPLICATE
    assert again.reference == first.reference
    assert Ticket.objects.count() == 1
    assert InboundEmail.objects.count() == 1


def test_it_dedupes_by_content_when_there_is_no_message_id(mailbox) -> None:
    raw = b"From: x@example.net\r\nTo: support@example.com\r\nSubject: hi\r\n\r\nno id here\r\n"
    assert do_ingest_email(raw).outcome == Outcome.TICKET
    assert do_ingest_email(raw).outcome == Outcome.DUPLICATE
    assert Ticket.objects.count() == 1


@override_settings(TASKS=IMMEDIATE)
def test_it_threads_a_reply_to_our_acknowledgement_and_hides_the_quote(
    mailbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = do_ingest_email(raw_email(sender="ayse@example.com"))
    ticket = ticket_of(first.line())
    ack = mail.outbox[-1]
    assert ack.to == ["ayse@example.com"]
    ack_id = ack.extra_headers["Message-ID"]
    assert ack.extra_headers["In-Reply-To"] == ticket.messages.first().external_id
    assert ack.extra_headers["Auto-Submitted"] == "auto-replied"
    body = quoting_reply(
        ack.body, "Thanks, I also attach the photo.", attribution="On Mon, Support wrote:"
    )
    reply = do_ingest_email(
        raw_email(subject=f"Re: {ack.subject}", body=body, in_reply_to=ack_id, references=ack_id)
    )
    assert reply.outcome == Outcome.REPLY and reply.reference == ticket.reference
    message = ticket.messages.filter(author_type="customer").last()
    assert message.body == "Thanks, I also attach the photo."
    assert "Support wrote" in message.quoted_text or ">" not in message.body


def test_it_threads_by_the_reference_in_the_subject_for_the_same_verified_customer(
    mailbox,
) -> None:
    mailbox.trusted_authserv_ids = "mx.example.net"
    mailbox.save()
    ticket = ticket_of(do_ingest_email(raw_email()).line())
    verified = {"Authentication-Results": "mx.example.net; dmarc=pass header.from=example.com"}
    result = do_ingest_email(
        raw_email(subject=f"Re: Order question [{ticket.reference}]", headers=verified)
    )
    assert result.outcome == Outcome.REPLY and result.reference == ticket.reference


def test_it_never_attaches_mail_to_another_customers_ticket(personas, mailbox) -> None:
    victim = ticket_of(do_ingest_email(raw_email(sender="janez@example.si")).line())
    genuine = message_id_for(victim, "ack")
    forged = genuine.replace(genuine.split(".")[3][:16], "a" * 16)  # altered signature
    other = Ticket.objects.create(reference="FD-2222222", subject="x", customer=personas.customer)
    moved = genuine.replace(victim.reference.lower(), other.reference.lower())  # altered ref
    for header in (forged, moved, "<fd.fd-zzzzzzz.ack.abcdefghijklmnop@example.com>"):
        result = do_ingest_email(
            raw_email(sender="mallory@evil.example", in_reply_to=header, references=header)
        )
        assert result.outcome == Outcome.TICKET
        assert result.reference != victim.reference
    by_subject = do_ingest_email(
        raw_email(sender="mallory@evil.example", subject=f"Re: [{victim.reference}]")
    )
    assert by_subject.reference != victim.reference
    # Even the genuine id does not let a stranger in: only the customer and the thread's CCs.
    stranger = do_ingest_email(raw_email(sender="mallory@evil.example", in_reply_to=genuine))
    assert stranger.reference != victim.reference
    assert victim.messages.count() == 1


def test_it_lets_a_cc_of_the_thread_reply(mailbox) -> None:
    first = do_ingest_email(raw_email(cc="colleague@example.com"))
    ticket = ticket_of(first.line())
    ours = message_id_for(ticket, "ack")
    reply = do_ingest_email(
        raw_email(
            sender="colleague@example.com", body="I am her colleague, same issue.", in_reply_to=ours
        )
    )
    assert reply.outcome == Outcome.REPLY and reply.reference == ticket.reference
    assert ticket.messages.last().author_customer.email == "colleague@example.com"


@pytest.mark.parametrize(
    "headers,sender",
    [
        ({"Auto-Submitted": "auto-replied"}, "ayse@example.com"),
        ({"Precedence": "bulk"}, "news@shop.example"),
        ({"List-Id": "<offers.shop.example>"}, "news@shop.example"),
        ({}, "MAILER-DAEMON@mx.example.net"),
        ({}, "noreply@service.example"),
    ],
)
def test_it_never_acknowledges_automatic_mail(mailbox, headers, sender) -> None:
    result = do_ingest_email(raw_email(sender=sender, headers=headers))
    assert result.outcome in (Outcome.TICKET, Outcome.NOTE)
    assert not Ticket.objects.filter(ack_state=AckState.PENDING).exists()


def test_it_adds_an_out_of_office_on_a_thread_as_a_note_without_reopening(mailbox) -> None:
    ticket = ticket_of(do_ingest_email(raw_email()).line())
    Ticket.objects.filter(pk=ticket.pk).update(status="solved")
    result = do_ingest_email(
        raw_email(
            subject=f"Out of office Re: [{ticket.reference}]",
            headers={"Auto-Submitted": "auto-replied"},
            in_reply_to=message_id_for(ticket, "ack"),
        )
    )
    assert result.outcome == Outcome.NOTE
    ticket.refresh_from_db()
    assert ticket.status == "solved"
    assert ticket.messages.last().kind == MessageKind.NOTE


@override_settings(FRONTDESK_AUTOREPLY_LIMIT_PER_HOUR=3)
def test_it_limits_automatic_replies_per_sender_per_hour(mailbox) -> None:
    for n in range(5):
        do_ingest_email(raw_email(subject=f"Question {n}"))
    acked = Ticket.objects.filter(ack_state=AckState.PENDING).count()
    assert acked == 3
    assert Ticket.objects.count() == 5


def test_it_turns_a_bounce_into_a_note_and_marks_the_address(personas, mailbox) -> None:
    ticket = ticket_of(do_ingest_email(raw_email()).line())
    reply = Message.objects.create(
        ticket=ticket,
        author_type="agent",
        author_user=personas.agent,
        channel="email",
        body="Your order ships today.",
        external_id=message_id_for(ticket, "m999"),
        delivery_status=DeliveryStatus.SENT,
    )
    bounce = (
        "From: MAILER-DAEMON@mx.example.com\r\nTo: support@example.com\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <b1@mx.example.com>\r\n"
        "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; ayse@example.com\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 No such user\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: support@example.com\r\nTo: ayse@example.com\r\nMessage-ID: {reply.external_id}\r\n"
        "Subject: Re: Order question\r\n--B--\r\n"
    ).encode()
    result = do_ingest_email(bounce)
    assert result.outcome == Outcome.NOTE and result.reference == ticket.reference
    note = ticket.messages.filter(kind=MessageKind.NOTE).get()
    assert "ayse@example.com" in note.body and "5.1.1" in note.body
    customer = Customer.objects.get(email="ayse@example.com")
    assert customer.email_bounced_at is not None
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert Ticket.objects.count() == 1  # the bounce opened no ticket


def test_it_drops_our_own_mail_coming_back(mailbox) -> None:
    ticket = ticket_of(do_ingest_email(raw_email()).line())
    ours = raw_email(
        sender="support@example.com",
        to="ayse@example.com",
        message_id=message_id_for(ticket, "m5"),
        headers={"X-Frontdesk-Ticket": ticket.reference},
    )
    result = do_ingest_email(ours)
    assert result.outcome == Outcome.DUPLICATE
    assert Ticket.objects.count() == 1 and ticket.messages.count() == 1


def test_it_quarantines_a_mail_that_crashes_and_keeps_the_rest_flowing(
    mailbox, monkeypatch
) -> None:
    real_parse = routing.parse_email

    def crashing(raw: bytes):
        if b"CRASH-ME" in raw:
            raise RuntimeError("parser bug")
        return real_parse(raw)

    monkeypatch.setattr(routing, "parse_email", crashing)
    bad = raw_email(subject="CRASH-ME")
    result = do_ingest_email(bad)
    assert result.line().startswith("quarantined ")
    inbound = InboundEmail.objects.get(pk=result.inbound_id)
    assert inbound.status == InboundStatus.QUARANTINED
    assert "parser bug" in inbound.error and bytes(inbound.raw) == bad
    assert do_ingest_email(raw_email(subject="Next one")).outcome == Outcome.TICKET
    assert do_ingest_email(bad).outcome == Outcome.QUARANTINED  # redelivery: still one row
    monkeypatch.setattr(routing, "parse_email", real_parse)
    again = do_reprocess_email(inbound=inbound)
    assert again.outcome == Outcome.TICKET
    assert Ticket.objects.count() == 2


def test_it_keeps_mail_without_a_usable_sender_as_an_unacknowledged_ticket(mailbox) -> None:
    raw = b"From: not an address\r\nSubject: x\r\nMessage-ID: <q@x>\r\n\r\nhello there\r\n"
    result = do_ingest_email(raw)
    assert result.outcome == Outcome.TICKET
    ticket = ticket_of(result.line())
    assert ticket.customer.email is None
    assert ticket.ack_state == AckState.NONE
    assert "hello there" in ticket.messages.get().body


def test_it_processes_a_mail_stored_before_a_crash_when_it_is_delivered_again(mailbox) -> None:
    from frontdesk.inbox.services import store_raw

    raw = raw_email(subject="Stored, then the process died")
    inbound, created = store_raw(raw, source="pipe")  # the crash: never processed
    assert created and inbound.status == InboundStatus.RECEIVED
    result = do_ingest_email(raw)  # the MTA delivers it again
    assert result.outcome == Outcome.TICKET
    assert do_ingest_email(raw).outcome == Outcome.DUPLICATE
    assert Ticket.objects.filter(subject="Stored, then the process died").count() == 1
