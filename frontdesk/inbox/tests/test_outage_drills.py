"""Reliability drills (SECURITY.md 38-40): the database or the mail server goes away.

Already covered elsewhere, not repeated here: a failure while routing the 2nd of 3
messages in a single batch (test_email_end_to_end), a temporary then a permanent refusal
of one reply (test_delivery), a killed `frontdesk worker` during acknowledgements
(ops/tests/test_worker). These drills add: the database lost between two committed
chunks of one poll (every query failing from that moment, as when the server stops),
a PostgreSQL backend really terminated mid-poll, and a mail server that is stopped,
then answers 421, then 451, through the periodic retry job until the reply goes out once
or is given up as "not delivered".
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.utils import make_msgid

import pytest
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from frontdesk.inbox.choices import InboundStatus, Security
from frontdesk.inbox.email import delivery, polling
from frontdesk.inbox.email.polling import poll_mailbox
from frontdesk.inbox.mailboxes import do_create_mailbox
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tasks import retry_email_work
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.choices import DeliveryStatus
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.services import do_add_message

DONE = "$FrontdeskDone"


class Clock:
    """Time travel for code that reads `timezone.now()` (leases, backoff)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def support_mailbox(personas, dovecot) -> Mailbox:
    return do_create_mailbox(
        actor=personas.admin,
        name="Support",
        address="support@example.com",
        team=personas.team,
        imap_host=dovecot.settings.host,
        imap_port=dovecot.settings.port,
        imap_security=Security.NONE,
        imap_username=dovecot.settings.username,
        imap_password=dovecot.settings.password,
        start_from_now=False,
    )


def deliver_questions(dovecot, count: int) -> list[int]:
    return [
        dovecot.deliver(
            raw_email(
                sender=f"buyer{n}@example.com",
                subject=f"Question {n}",
                body=f"Question number {n}: where is my parcel?",
                message_id=make_msgid(f"q{n}", domain="mail.example.com"),
            )
        )
        for n in range(count)
    ]


def flags_by_uid(dovecot) -> dict[int, set[str]]:
    """Every message's flags in one FETCH, as a mail client sees them."""
    with dovecot.server.client(dovecot.name) as imap:
        status, data = imap.uid("FETCH", "1:*", "(FLAGS)")
    assert status == "OK"
    flags = {}
    for item in data:
        line = item.decode() if isinstance(item, bytes) else ""
        uid, found = re.search(r"UID (\d+)", line), re.search(r"FLAGS \(([^)]*)\)", line)
        if uid and found:
            flags[int(uid.group(1))] = set(found.group(1).split())
    return flags


@contextmanager
def database_down_after_tickets(count: int, on_down=None) -> Iterator[dict[str, int]]:
    """From the `count`-th ticket INSERT on, every statement fails as if the server stopped.

    Rollbacks still go through, as a client library's would on a dead connection.
    """
    state = {"tickets": 0, "down": 0}

    def wrapper(execute, sql, params, many, context):
        if state["down"] and not sql.lstrip().upper().startswith(("ROLLBACK", "RELEASE")):
            raise OperationalError("server closed the connection unexpectedly")
        result = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "tickets_ticket"'):
            state["tickets"] += 1
            if state["tickets"] >= count:
                state["down"] = 1
                if on_down is not None:
                    on_down()
        return result

    with connection.execute_wrapper(wrapper):
        yield state


def assert_each_question_once(count: int) -> None:
    subjects = list(Ticket.objects.values_list("subject", flat=True))
    assert sorted(subjects) == sorted(f"Question {n}" for n in range(count))
    assert InboundEmail.objects.count() == count
    assert set(InboundEmail.objects.values_list("status", flat=True)) == {InboundStatus.PROCESSED}


@pytest.mark.django_db(transaction=True)
def test_it_loses_and_repeats_nothing_when_the_database_stops_between_chunks(
    personas, dovecot, monkeypatch
) -> None:
    monkeypatch.setattr(polling, "COMMIT_EVERY", 2)  # chunks of two: 1-2, 3-4, 5
    clock = Clock(monkeypatch)
    mailbox = support_mailbox(personas, dovecot)
    uids = deliver_questions(dovecot, 5)

    with database_down_after_tickets(3):  # in the middle of the second chunk
        report = poll_mailbox(Mailbox.objects.get(pk=mailbox.pk))
    assert "database unavailable" in report.error
    assert report.fetched == 2
    # The first chunk committed and was marked done; the rest is untouched on the server.
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == ["Question 0", "Question 1"]
    flags = flags_by_uid(dovecot)
    for uid in uids[:2]:
        assert {"\\Seen", DONE} <= flags[uid]
    for uid in uids[2:]:
        assert not {"\\Seen", DONE} & flags[uid], uid
    assert not InboundEmail.objects.filter(imap_uid__in=uids[2:], status="processed").exists()
    mailbox.refresh_from_db()
    assert mailbox.imap_last_uid == uids[1]

    # The database is back. The next poll waits for the dead poll's lease, then resumes.
    assert poll_mailbox(Mailbox.objects.get(pk=mailbox.pk)).fetched == 0  # still leased
    clock.advance(minutes=6)
    report = poll_mailbox(Mailbox.objects.get(pk=mailbox.pk))
    assert report.error == "" and report.fetched == 3
    assert_each_question_once(5)
    assert all({"\\Seen", DONE} <= flags for flags in flags_by_uid(dovecot).values())
    assert poll_mailbox(Mailbox.objects.get(pk=mailbox.pk)).fetched == 0  # nothing left


@pytest.mark.django_db(transaction=True)
def test_it_survives_a_terminated_postgresql_backend_in_the_middle_of_a_poll(
    personas, dovecot, monkeypatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("terminating a server backend is a PostgreSQL drill")
    import psycopg

    monkeypatch.setattr(polling, "COMMIT_EVERY", 2)
    clock = Clock(monkeypatch)
    mailbox = support_mailbox(personas, dovecot)
    uids = deliver_questions(dovecot, 5)
    db = connection.settings_dict

    def terminate_our_backend() -> None:
        pid = connection.connection.info.backend_pid
        with psycopg.connect(
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            dbname=db["NAME"],
            autocommit=True,
        ) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    # Only the termination is injected: the failures that follow are the real ones.
    state = {"tickets": 0}

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "tickets_ticket"'):
            state["tickets"] += 1
            if state["tickets"] == 3:
                terminate_our_backend()
        return result

    with connection.execute_wrapper(wrapper):
        report = poll_mailbox(Mailbox.objects.get(pk=mailbox.pk))
    assert "database unavailable" in report.error
    close_old_connections()  # what the worker does between jobs
    assert Ticket.objects.count() == 2
    flags = flags_by_uid(dovecot)
    assert [uid for uid in uids if {"\\Seen", DONE} & flags[uid]] == uids[:2]

    clock.advance(minutes=6)
    report = poll_mailbox(Mailbox.objects.get(pk=mailbox.pk))
    assert report.error == "" and report.fetched == 3
    assert_each_question_once(5)
    assert all({"\\Seen", DONE} <= flags for flags in flags_by_uid(dovecot).values())


class RefusingSmtpServer:
    """A mail server that greets every connection with 421 and hangs up (overloaded)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.sendall(b"421 4.3.2 Service not available, closing transmission channel\r\n")

    def __enter__(self) -> RefusingSmtpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.sock.close()
        self._thread.join(5)


def copies_received(sink, reply: Message) -> int:
    reply.refresh_from_db()
    return sum(reply.external_id.encode() in mail.raw for mail in sink.messages)


@pytest.mark.django_db
def test_it_keeps_retrying_a_reply_through_an_smtp_outage_and_sends_it_once(
    personas, smtp_sink, settings, monkeypatch
) -> None:
    settings.FRONTDESK_EMAIL_DELIVERY_ATTEMPTS = 4
    clock = Clock(monkeypatch)
    Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)
    ticket = Ticket.objects.get(reference=do_ingest_email(raw_email(subject="Kettle")).reference)
    smtp_sink.stop()  # the mail server is down: connection refused
    smtp_sink.clear()

    reply = do_add_message(actor=personas.agent, ticket=ticket, body="A new kettle is on its way.")
    assert delivery.deliver(reply.pk) == "retry"  # the job that was enqueued with the reply
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED and reply.delivery_will_retry
    assert "unreachable" in reply.delivery_error and reply.delivery_attempts == 1

    with RefusingSmtpServer() as refusing:  # back, but refusing: 421 at the greeting
        settings.EMAIL_PORT = refusing.port
        assert retry_email_work.call() == 0  # backoff: not yet
        clock.advance(minutes=1, seconds=1)
        assert retry_email_work.call() == 0
        assert refusing.connections == 1
    reply.refresh_from_db()
    assert reply.delivery_error.startswith("421") and reply.delivery_attempts == 2

    smtp_sink.start()  # the real server returns, but defers this recipient: 451
    settings.EMAIL_PORT = smtp_sink.port
    smtp_sink.reject_temporarily("ayse@example.com")
    clock.advance(minutes=2, seconds=1)
    assert retry_email_work.call() == 0
    reply.refresh_from_db()
    assert reply.delivery_error.startswith("451") and reply.delivery_attempts == 3
    assert copies_received(smtp_sink, reply) == 0

    smtp_sink.accept("ayse@example.com")  # fully back
    clock.advance(minutes=4, seconds=1)
    assert retry_email_work.call() == 1
    for _ in range(3):  # later beats find nothing to send
        clock.advance(hours=1)
        retry_email_work.call()
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT and reply.delivery_error == ""
    assert copies_received(smtp_sink, reply) == 1
    assert Message.objects.get(pk=reply.pk).body == "A new kettle is on its way."


@pytest.mark.django_db
def test_it_gives_up_as_not_delivered_and_sends_nothing_when_the_server_returns(
    personas, smtp_sink, settings, monkeypatch, client
) -> None:
    settings.FRONTDESK_EMAIL_DELIVERY_ATTEMPTS = 3
    clock = Clock(monkeypatch)
    Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)
    ticket = Ticket.objects.get(reference=do_ingest_email(raw_email(subject="Kettle")).reference)
    smtp_sink.stop()
    smtp_sink.clear()
    reply = do_add_message(actor=personas.agent, ticket=ticket, body="Please send a photo.")
    assert delivery.deliver(reply.pk) == "retry"
    for minutes in (1, 2):
        clock.advance(minutes=minutes, seconds=1)
        retry_email_work.call()
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert reply.delivery_attempts == 3 and not reply.delivery_will_retry

    client.force_login(personas.agent)
    html = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Not delivered: mail server unreachable" in html
    assert "Please send a photo." in html  # the reply itself is kept

    smtp_sink.start()
    settings.EMAIL_PORT = smtp_sink.port
    for _ in range(3):
        clock.advance(hours=1)
        retry_email_work.call()
    assert smtp_sink.messages == []
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
