"""The proactive follow-up: "did it work?" on the day chosen when solving (T7; the day
and the time it goes out: `schedule.py`).

Like the acknowledgement it is rendered in the customer's language, sent with our signed
Message-ID (a reply threads to the ticket and reopens it) and recorded as a system
message that agents and the customer see. At most one per solve: the `SolvedTicket` row
is claimed with one conditional UPDATE, so two workers never both send. A worker that
dies mid-send leaves a claim that another takes over after the lease, with the same
Message-ID; a failed send is retried up to `MAX_ATTEMPTS` times.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Workspace
from frontdesk.core.text import one_line
from frontdesk.resolution import schedule
from frontdesk.resolution.models import SolvedTicket
from frontdesk.tickets import event_notes, outbound
from frontdesk.tickets.acknowledgement import language_for
from frontdesk.tickets.choices import AuthorType, EventKind, MessageKind, Status
from frontdesk.tickets.live import publish_on_commit
from frontdesk.tickets.models import Message, Ticket, TicketEvent

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = schedule.MAX_ATTEMPTS


def render(ticket: Ticket) -> tuple[str, str, str]:
    """Subject, text and HTML of the follow-up in the customer's language."""
    workspace = Workspace.current()
    with translation.override(language_for(ticket)):
        context = {
            "ticket": ticket,
            "customer_name": ticket.customer.display_name,
            "workspace": workspace,
        }
        subject = one_line(render_to_string("resolution/follow_up_subject.txt", context))
        text = render_to_string("resolution/follow_up_body.txt", context).strip() + "\n"
        html = render_to_string("resolution/follow_up_body.html", context)
    return subject, text, html


def follow_up_message_id(ticket: Ticket) -> str:
    """The same id on every attempt of one follow-up; a later solve (after a reopen)
    gets its own."""
    nonce = "followup" if not ticket.reopen_count else f"followup{ticket.reopen_count}"
    return outbound.message_id_for(ticket, nonce)


def _claim(ticket_id: int, *, now: datetime) -> bool:
    stale = now - LEASE
    return bool(
        SolvedTicket.objects.filter(
            ticket_id=ticket_id,
            follow_up_at__lte=now,
            follow_up_sent_at__isnull=True,
            follow_up_attempts__lt=MAX_ATTEMPTS,
        )
        .filter(Q(follow_up_claimed_at__isnull=True) | Q(follow_up_claimed_at__lt=stale))
        .update(follow_up_claimed_at=now, follow_up_attempts=F("follow_up_attempts") + 1)
    )


def send_follow_up(ticket_id: int, *, now: datetime) -> str:
    """Send the follow-up of a ticket whose follow-up is due: "sent" or "skipped"."""
    if not _claim(ticket_id, now=now):
        return "skipped"
    ticket = Ticket.objects.select_related("customer").get(pk=ticket_id)
    if ticket.status != Status.SOLVED:
        SolvedTicket.objects.filter(ticket_id=ticket_id).delete()
        return "skipped"
    subject, text, html = render(ticket)
    message_id = follow_up_message_id(ticket)
    customer = ticket.customer
    emailed = False
    # No mail to an address that bounces (SECURITY.md check 45); the message is still
    # recorded, so the customer sees it in the portal and agents see it was not mailed.
    if customer.email and customer.email_bounced_at is None:
        mail = outbound.build_email(
            ticket,
            to=customer.email,
            subject=subject,
            text=text,
            html=html,
            message_id=message_id,
            automatic=True,
        )
        # Not an answer to a message of the customer's: RFC 3834 "auto-generated".
        mail.extra_headers["Auto-Submitted"] = "auto-generated"
        try:
            mail.send()
            emailed = True
        except Exception:
            logger.exception("follow-up of %s could not be sent", ticket.reference)
            SolvedTicket.objects.filter(ticket_id=ticket_id).update(follow_up_claimed_at=None)
            return "failed"
    with transaction.atomic():
        # The ticket first, as the ticket services lock it: a customer's reply arriving
        # now waits for this (or this for it) instead of deadlocking on the schedule row.
        Ticket.objects.select_for_update().filter(pk=ticket_id).first()
        SolvedTicket.objects.filter(ticket_id=ticket_id).update(follow_up_sent_at=now)
        message = Message.objects.create(
            ticket=ticket,
            kind=MessageKind.REPLY,
            author_type=AuthorType.SYSTEM,
            channel=ticket.channel,
            body=text,
            created_at=now,
            external_id=message_id if emailed else "",
        )
        TicketEvent.objects.create(
            ticket=ticket,
            kind=EventKind.MESSAGE,
            new_value=str(message.pk),
            note=_("Follow-up: did it work?") if emailed else _("Follow-up (not emailed)"),
            facts=event_notes.facts("follow_up" if emailed else "follow_up_not_emailed"),
            created_at=now,
        )
        publish_on_commit(ticket.pk)
    return "sent"
