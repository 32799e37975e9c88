"""A Message-ID reused with different content (SECURITY.md 37): kept and flagged, never lost.
The same mail again (even through another hop, with other trace headers) stays a duplicate."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from frontdesk.inbox.choices import Outcome, Source
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.inbox.services import do_ingest_batch, do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.choices import AuthorType, MessageKind
from frontdesk.tickets.models import Ticket

MID = "<reused-1@mail.example.com>"


@pytest.fixture
def mailbox(personas) -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)


def hop(raw: bytes, server: str) -> bytes:
    """The same mail as another server delivers it: one more trace header on top."""
    return f"Received: from relay by {server}; Mon, 7 Dec 2026 10:00:00 +0000\r\n".encode() + raw


@pytest.mark.django_db
def test_the_same_mail_through_another_hop_is_still_a_duplicate(mailbox) -> None:
    raw = raw_email(message_id=MID)
    first = do_ingest_email(hop(raw, "mx1.example.net"))

    again = do_ingest_email(hop(raw, "mx2.example.net"))

    assert (again.outcome, again.reference) == (Outcome.DUPLICATE, first.reference)
    assert InboundEmail.objects.count() == 1


@pytest.mark.django_db
def test_different_content_under_a_reused_id_is_stored_and_flagged(mailbox) -> None:
    first = do_ingest_email(raw_email(message_id=MID, body="My kettle leaks."))
    other = raw_email(message_id=MID, body="Please cancel order 42.")

    second = do_ingest_email(other)

    assert second.outcome == Outcome.TICKET
    assert InboundEmail.objects.count() == 2
    ticket = Ticket.objects.get(reference=second.reference)
    assert ticket.messages.get(author_type=AuthorType.CUSTOMER).body == "Please cancel order 42."
    warning = ticket.messages.get(kind=MessageKind.NOTE).body
    assert MID in warning and first.reference in warning and "different content" in warning
    # Delivered once more, the second content is a duplicate of itself.
    third = do_ingest_email(hop(other, "mx2.example.net"))
    assert (third.outcome, third.reference) == (Outcome.DUPLICATE, second.reference)
    assert InboundEmail.objects.count() == 2


@pytest.mark.django_db
def test_a_reused_id_on_a_thread_is_added_with_the_warning(mailbox) -> None:
    first = do_ingest_email(raw_email(message_id=MID, body="My kettle leaks."))
    ticket = Ticket.objects.get(reference=first.reference)
    reply_id = ticket.messages.get().external_id

    second = do_ingest_email(raw_email(message_id=MID, body="Also the lid.", in_reply_to=reply_id))

    assert (second.outcome, second.reference) == (Outcome.REPLY, first.reference)
    bodies = list(ticket.messages.order_by("pk").values_list("kind", "body"))
    assert bodies[:2] == [
        (MessageKind.REPLY, "My kettle leaks."),
        (MessageKind.REPLY, "Also the lid."),
    ]
    assert "different content" in bodies[2][1]


@pytest.mark.django_db
def test_the_imap_batch_keeps_a_reused_id_too(mailbox) -> None:
    first = raw_email(message_id=MID, body="My kettle leaks.")
    do_ingest_email(first)

    results = do_ingest_batch(
        [
            (hop(first, "imap"), 7),
            (raw_email(message_id=MID, body="Another text."), 8),
        ],
        source=Source.IMAP,
        mailbox=mailbox,
    )

    assert [r.outcome for r in results] == [Outcome.DUPLICATE, Outcome.TICKET]
    assert InboundEmail.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_with_two_contents_under_one_id_keep_both(personas) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the race runs on PostgreSQL (see test_ingest_concurrency.py)")
    Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)
    raws = [raw_email(message_id=MID, body=f"Text number {n}.") for n in range(2)]
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker(raw: bytes) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(do_ingest_email(raw).line())
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(raw,)) for raw in [*raws, *raws]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert Ticket.objects.count() == 2 and InboundEmail.objects.count() == 2
    tickets = sorted(line for line in results if line.startswith("ticket"))
    duplicates = sorted(line for line in results if line.startswith("duplicate"))
    assert len(tickets) == 2
    # Each duplicate names the ticket its content made, never "duplicate -".
    assert sorted(line.split()[1] for line in duplicates) == sorted(t.split()[1] for t in tickets)
