"""Mail that claims to come from an agent (SECURITY.md 34): inbound mail is never taken
for a member of staff. A forged `From:` of an agent, even on the customer's thread, is held
for review when the receiving server says it failed, and otherwise becomes a ticket of its
own from an unknown sender: it is never added to her ticket as an agent's answer, and
nothing of it is mailed to the customer."""

from __future__ import annotations

import pytest
from django.core import mail

from frontdesk.accounts.models import User
from frontdesk.inbox.choices import InboundStatus, Outcome
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.choices import AuthorType
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.outbound import message_id_for

pytestmark = pytest.mark.django_db

TRUSTED = "mx.example.net"
AGENT = "anna@frontdesk.example"
DMARC_FAIL = (
    "mx.example.net; spf=fail smtp.mailfrom=frontdesk.example; "
    "dmarc=fail (p=REJECT) header.from=frontdesk.example"
)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def ticket(personas, settings) -> Ticket:
    settings.TASKS = IMMEDIATE
    User.objects.filter(pk=personas.agent.pk).update(email=AGENT)
    Mailbox.objects.create(
        name="Support", address="support@example.com", team=personas.team,
        trusted_authserv_ids=TRUSTED,
    )  # fmt: skip
    line = do_ingest_email(raw_email(sender="ayse@example.com")).line()
    return Ticket.objects.get(reference=line.split()[1])


def _forged(ticket: Ticket, **extra) -> bytes:
    return raw_email(
        sender=AGENT,
        name="Anna (Support)",
        to="support@example.com",
        subject=f"Re: Order question [{ticket.reference}]",
        body="Your refund is approved: send your card number and code to this address.",
        in_reply_to=message_id_for(ticket, "ack"),
        **extra,
    )


def _nothing_reached_her(ticket: Ticket, sent_before: int) -> None:
    assert not Message.objects.filter(ticket=ticket, author_type=AuthorType.AGENT).exists()
    assert "card number" not in " ".join(ticket.messages.values_list("body", flat=True))
    to_her = [m for m in mail.outbox[sent_before:] if "ayse@example.com" in m.to]
    assert to_her == []


def test_a_forged_agent_failing_dmarc_is_held_for_review(
    ticket, django_capture_on_commit_callbacks
):
    sent_before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        result = do_ingest_email(_forged(ticket, headers={"Authentication-Results": DMARC_FAIL}))
    assert result.outcome == Outcome.QUARANTINED
    held = InboundEmail.objects.get(pk=result.inbound_id)
    assert held.status == InboundStatus.QUARANTINED and "dmarc" in held.error.lower()
    _nothing_reached_her(ticket, sent_before)


def test_a_forged_agent_without_a_verdict_opens_a_ticket_of_its_own(
    ticket, django_capture_on_commit_callbacks
):
    sent_before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        result = do_ingest_email(_forged(ticket))
    assert result.outcome == Outcome.TICKET and result.reference != ticket.reference
    other = Ticket.objects.get(reference=result.reference)
    assert other.customer.email == AGENT  # a sender like any other, not a member of staff
    assert other.messages.get(author_type=AuthorType.CUSTOMER).author_user_id is None
    _nothing_reached_her(ticket, sent_before)
