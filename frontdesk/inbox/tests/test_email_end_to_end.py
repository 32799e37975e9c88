"""The whole email journey through real servers on loopback (issue 5, "done when").

The customer's mail client (smtplib) sends into the Dovecot mailbox over LMTP (Dovecot's
own delivery); the worker's poll reads it over IMAP; the acknowledgement and the agent's
reply leave over SMTP to a real SMTP server (the customer's inbox); the customer answers
quoting our mail; putting the same message into the mailbox again changes nothing.
"""

from __future__ import annotations

import smtplib
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from email.utils import make_msgid

import pytest
from django.test import override_settings

from frontdesk.core import crypto
from frontdesk.inbox.choices import Security
from frontdesk.inbox.email.polling import poll_mailbox
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.tickets.choices import DeliveryStatus
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_add_message

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def send_over_lmtp(dovecot, message: EmailMessage) -> None:
    with smtplib.LMTP(dovecot.server.host, dovecot.server.lmtp_port) as lmtp:
        lmtp.send_message(message, to_addrs=[dovecot.name])


def poll(mailbox: Mailbox, captured) -> dict[str, int]:
    with captured(execute=True):
        report = poll_mailbox(Mailbox.objects.get(pk=mailbox.pk))
    assert report.error == ""
    return report.outcomes or {}


@pytest.mark.django_db
@override_settings(TASKS=IMMEDIATE)
def test_it_carries_a_conversation_from_mail_client_to_ticket_and_back(
    personas, dovecot, smtp_sink, django_capture_on_commit_callbacks
) -> None:
    mailbox = Mailbox.objects.create(
        name="Support",
        address="support@example.com",
        team=personas.team,
        imap_host=dovecot.settings.host,
        imap_port=dovecot.settings.port,
        imap_security=Security.NONE,
        imap_username=dovecot.settings.username,
        imap_password_encrypted=crypto.encrypt(dovecot.settings.password),
        start_from_now=True,
    )
    assert poll(mailbox, django_capture_on_commit_callbacks) == {}  # empty: position taken

    # 1. The customer writes, in Turkish, with a photo.
    first = EmailMessage()
    first["From"] = "Ayşe Yılmaz <ayse@example.com>"
    first["To"] = "support@example.com"
    first["Subject"] = "Kargom gelmedi"
    first["Message-ID"] = make_msgid("first", domain="mail.example.com")
    first.set_content("Merhaba, siparişim iki haftadır gelmedi. Yardım eder misiniz?")
    first.add_attachment(PHOTO, maintype="image", subtype="png", filename="kutu fotoğrafı.png")
    send_over_lmtp(dovecot, first)

    assert poll(mailbox, django_capture_on_commit_callbacks) == {"ticket": 1}
    ticket = Ticket.objects.get()
    assert ticket.customer == personas.customer
    assert ticket.subject == "Kargom gelmedi"
    opening = ticket.messages.first()
    assert "iki haftadır gelmedi" in opening.body
    assert [a.filename for a in opening.attachments.all()] == ["kutu fotoğrafı.png"]
    assert "$FrontdeskDone" in " ".join(dovecot.flags(1))

    # 2. The acknowledgement reaches the customer in Turkish with threading headers.
    ack_mail = smtp_sink.wait_for(1)[0]
    ack = message_from_bytes(ack_mail.raw, policy=default)
    assert ack_mail.rcpt_tos == ("ayse@example.com",)
    assert ack["In-Reply-To"] == first["Message-ID"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ticket.reference in ack["Subject"]
    assert ack["Subject"] == f"[{ticket.reference}] Talebinizi aldık: Kargom gelmedi"
    assert "Talebiniz bize ulaştı" in ack.get_body(("plain",)).get_content()

    # 3. An agent replies; the customer receives it.
    smtp_sink.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = do_add_message(
            actor=personas.agent, ticket=ticket, body="Kargonuz bugün yola çıktı."
        )
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT
    agent_mail = message_from_bytes(smtp_sink.wait_for(1)[0].raw, policy=default)
    assert agent_mail["In-Reply-To"] == first["Message-ID"]
    assert first["Message-ID"] in agent_mail["References"]
    body_text = agent_mail.get_body(("plain",)).get_content()
    assert "bugün yola çıktı" in body_text

    # 4. The customer answers from their mail client, quoting our mail.
    answer = EmailMessage()
    answer["From"] = "Ayşe Yılmaz <ayse@example.com>"
    answer["To"] = "support@example.com"
    answer["Subject"] = "Re: " + agent_mail["Subject"]
    answer["Message-ID"] = make_msgid("answer", domain="mail.example.com")
    answer["In-Reply-To"] = agent_mail["Message-ID"]
    answer["References"] = f"{agent_mail['References']} {agent_mail['Message-ID']}"
    quoted = "\n".join(f"> {line}" for line in body_text.splitlines())
    answer.set_content(
        f"Teşekkürler, geldi!\n\n{agent_mail['Date']} tarihinde Destek şunu yazdı:\n{quoted}\n"
    )
    send_over_lmtp(dovecot, answer)
    assert poll(mailbox, django_capture_on_commit_callbacks) == {"reply": 1}
    joined = ticket.messages.filter(author_type="customer").last()
    assert joined.body == "Teşekkürler, geldi!"
    assert "yola çıktı" in joined.quoted_text

    # 5. The same message put into the mailbox again changes nothing.
    send_over_lmtp(dovecot, answer)
    assert poll(mailbox, django_capture_on_commit_callbacks) == {"duplicate": 1}
    assert Ticket.objects.count() == 1
    assert ticket.messages.filter(author_type="customer").count() == 2
    assert InboundEmail.objects.count() == 2


@pytest.mark.django_db
def test_it_loses_nothing_when_the_database_fails_during_a_poll(
    personas, dovecot, monkeypatch
) -> None:
    from django.db import OperationalError

    from frontdesk.inbox import services

    mailbox = Mailbox.objects.create(
        name="Support",
        address="support@example.com",
        imap_host=dovecot.settings.host,
        imap_port=dovecot.settings.port,
        imap_security=Security.NONE,
        imap_username=dovecot.settings.username,
        imap_password_encrypted=crypto.encrypt(dovecot.settings.password),
        start_from_now=False,
    )
    for n in range(3):
        message = EmailMessage()
        message["From"] = f"buyer{n}@example.com"
        message["To"] = "support@example.com"
        message["Subject"] = f"Question {n}"
        message["Message-ID"] = make_msgid(f"q{n}", domain="mail.example.com")
        message.set_content(f"Question number {n}, please answer.")
        dovecot.deliver(message.as_bytes())

    real_route = services.route
    calls = {"n": 0}

    def route_then_lose_the_database(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OperationalError("server closed the connection unexpectedly")
        return real_route(*args, **kwargs)

    monkeypatch.setattr(services, "route", route_then_lose_the_database)
    report = poll_mailbox(mailbox)
    assert "database unavailable" in report.error
    # The raw mail was stored; the batch's processing rolled back: no ticket, nothing
    # marked done on the server, the position unchanged.
    assert Ticket.objects.count() == 0
    assert InboundEmail.objects.filter(status="received").count() == 3
    for uid in (1, 2, 3):
        assert "$FrontdeskDone" not in " ".join(dovecot.flags(uid))
        assert "\\Seen" not in dovecot.flags(uid)
    mailbox.refresh_from_db()
    assert mailbox.imap_last_uid == 0

    monkeypatch.setattr(services, "route", real_route)
    Mailbox.objects.filter(pk=mailbox.pk).update(poll_lease_until=None)
    report = poll_mailbox(Mailbox.objects.get(pk=mailbox.pk))
    assert report.error == "" and report.fetched == 3
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == [
        "Question 0",
        "Question 1",
        "Question 2",
    ]
