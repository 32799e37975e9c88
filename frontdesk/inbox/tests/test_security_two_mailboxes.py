"""The same message to two of our mailboxes (SECURITY.md 37; policy in docs/email.md,
"Never lost, never twice"): a customer writing to sales@ and support@ at once, each
mailbox fetching its copy by IMAP, gets one ticket with one message, not two."""

from __future__ import annotations

import pytest

from frontdesk.inbox.choices import Outcome, Source
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


def test_one_mail_to_two_mailboxes_is_one_ticket(personas) -> None:
    support = Mailbox.objects.create(
        name="Support", address="support@example.com", team=personas.team
    )
    sales = Mailbox.objects.create(
        name="Sales", address="sales@example.com", team=personas.other_team
    )
    raw = raw_email(to="support@example.com, sales@example.com", subject="Kettle or refund?")

    first = do_ingest_email(raw, source=Source.IMAP, mailbox=support, imap_uid=7)
    second = do_ingest_email(raw, source=Source.IMAP, mailbox=sales, imap_uid=31)

    assert first.outcome == Outcome.TICKET
    assert (second.outcome, second.reference) == (Outcome.DUPLICATE, first.reference)
    assert Ticket.objects.count() == 1 and Message.objects.count() == 1
    assert InboundEmail.objects.count() == 1
    assert Ticket.objects.get().team == personas.team  # the mailbox that read it first
