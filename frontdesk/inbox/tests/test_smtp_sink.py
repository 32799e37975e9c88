"""The SMTP sink the email tests send to: a real aiosmtpd server on loopback."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail

from frontdesk.inbox.tests.mailservers import SmtpSink

RAW = (
    b"From: support@example.com\r\n"
    b"To: ayse@example.com\r\n"
    b"Subject: Your order\r\n"
    b"\r\n"
    b"It is on its way.\r\n"
)


def test_it_receives_what_smtplib_sends(smtp_sink: SmtpSink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=10) as client:
        client.sendmail("support@example.com", ["ayse@example.com"], RAW)

    [received] = smtp_sink.wait_for(1)
    assert received.mail_from == "support@example.com"
    assert received.rcpt_tos == ("ayse@example.com",)
    assert b"Subject: Your order" in received.raw
    assert b"It is on its way." in received.raw


def test_it_receives_django_mail_through_the_smtp_backend(smtp_sink: SmtpSink) -> None:
    mail.send_mail("Hello", "Body", "support@example.com", ["janez@example.si"])

    [received] = smtp_sink.wait_for(1)
    assert received.rcpt_tos == ("janez@example.si",)
    assert b"Subject: Hello" in received.raw


def test_it_refuses_a_rejected_recipient_permanently(smtp_sink: SmtpSink) -> None:
    smtp_sink.reject("gone@example.com")

    with (
        smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=10) as client,
        pytest.raises(smtplib.SMTPRecipientsRefused) as caught,
    ):
        client.sendmail("support@example.com", ["gone@example.com"], RAW)

    assert caught.value.recipients["gone@example.com"][0] == 550
    assert smtp_sink.messages == []


def test_it_refuses_a_recipient_temporarily(smtp_sink: SmtpSink) -> None:
    smtp_sink.reject_temporarily("busy@example.com")

    with pytest.raises(smtplib.SMTPRecipientsRefused) as caught:
        smtp_sink.send("support@example.com", ["busy@example.com"], RAW)

    assert caught.value.recipients["busy@example.com"][0] == 451


def test_it_delivers_to_the_recipients_it_accepts(smtp_sink: SmtpSink) -> None:
    smtp_sink.reject("gone@example.com")

    smtp_sink.send("support@example.com", ["gone@example.com", "ayse@example.com"], RAW)

    [received] = smtp_sink.wait_for(1)
    assert received.rcpt_tos == ("ayse@example.com",)


def test_it_clears_what_it_received(smtp_sink: SmtpSink) -> None:
    smtp_sink.send("support@example.com", ["ayse@example.com"], RAW)
    smtp_sink.wait_for(1)

    smtp_sink.clear()

    assert smtp_sink.messages == []
    with pytest.raises(AssertionError, match="expected 1 message"):
        smtp_sink.wait_for(1, timeout=0.2)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_it_requires_the_login_when_given_credentials() -> None:
    with SmtpSink(username="mailer", password="s3cret") as sink:
        sink.send("support@example.com", ["ayse@example.com"], RAW)
        assert len(sink.wait_for(1)) == 1

        with (
            smtplib.SMTP(sink.host, sink.port, timeout=10) as client,
            pytest.raises(smtplib.SMTPSenderRefused),
        ):
            client.sendmail("support@example.com", ["ayse@example.com"], RAW)
