"""The automatic acknowledgement of a new request, in the customer's language (C7).

Exactly once: the ticket's ack_state moves pending -> sending in one conditional UPDATE,
so two jobs for the same ticket (a retry, a second worker) cannot both send.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from frontdesk.accounts.models import Workspace
from frontdesk.core.languages import first_offered
from frontdesk.core.text import one_line
from frontdesk.tickets import outbound
from frontdesk.tickets.choices import AckState, AuthorType, EventKind, MessageKind
from frontdesk.tickets.models import Message, Ticket, TicketEvent

logger = logging.getLogger(__name__)


def language_for(ticket: Ticket) -> str:
    return first_offered(
        ticket.language, ticket.customer.language, Workspace.current().default_language
    )


def render(ticket: Ticket) -> tuple[str, str, str]:
    """Subject, text and HTML of the acknowledgement in the customer's language."""
    workspace = Workspace.current()
    with translation.override(language_for(ticket)):
        context = {
            "ticket": ticket,
            "customer_name": ticket.customer.display_name,
            "workspace": workspace,
            "hours": workspace.response_promise_hours,
        }
        subject = one_line(render_to_string("tickets/ack_subject.txt", context))
        text = render_to_string("tickets/ack_body.txt", context).strip() + "\n"
        html = render_to_string("tickets/ack_body.html", context)
    return subject, text, html


def ack_message_id(ticket: Ticket) -> str:
    """The same signed Message-ID on every attempt, so a rare resend is recognisably one
    mail, and a reply to it threads to this ticket."""
    return outbound.message_id_for(ticket, "ack")


def release_stale_claims() -> int:
    """Claims older than the lease (a worker died mid-send) go back to pending.

    This makes the acknowledgement at-least-once: a worker killed after the mail left
    but before it recorded "sent" causes one resend, with the same Message-ID.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.FRONTDESK_ACK_LEASE_SECONDS)
    return Ticket.objects.filter(ack_state=AckState.SENDING, ack_claimed_at__lt=cutoff).update(
        ack_state=AckState.PENDING
    )


def send_acknowledgement(ticket_id: int) -> str:
    claimed = Ticket.objects.filter(pk=ticket_id, ack_state=AckState.PENDING).update(
        ack_state=AckState.SENDING, ack_claimed_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    ticket = Ticket.objects.select_related("customer").get(pk=ticket_id)
    subject, text, html = render(ticket)
    sent_by_email = False
    message_id = ack_message_id(ticket)
    if ticket.customer.email:
        mail = outbound.build_email(
            ticket,
            to=ticket.customer.email,
            subject=subject,
            text=text,
            html=html,
            message_id=message_id,
            automatic=True,
        )
        try:
            mail.send()
            sent_by_email = True
        except Exception:
            logger.exception("acknowledgement of %s could not be sent", ticket.reference)
            # Back to pending: the stale sweep retries it a few minutes later.
            Ticket.objects.filter(pk=ticket_id).update(ack_state=AckState.PENDING)
            raise
    now = timezone.now()
    with transaction.atomic():
        Ticket.objects.filter(pk=ticket_id).update(ack_state=AckState.SENT, acknowledged_at=now)
        Message.objects.create(
            ticket=ticket,
            kind=MessageKind.REPLY,
            author_type=AuthorType.SYSTEM,
            channel=ticket.channel,
            body=text,
            created_at=now,
            external_id=message_id if sent_by_email else "",
        )
        TicketEvent.objects.create(
            ticket=ticket,
            kind=EventKind.ACKNOWLEDGED,
            created_at=now,
            note="email" if sent_by_email else "",
        )
    return "sent"
