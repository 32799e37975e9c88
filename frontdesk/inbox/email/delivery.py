"""Agent replies go out by email, with retries, and their fate is shown on the message.

A public agent reply on a ticket whose customer has an email address is marked "queued"
in the same transaction as the reply; a job sends it after commit. Sending claims the
message with a conditional UPDATE (queued/failed -> sending), so two workers never send
one reply twice. A temporary failure (SMTP 4xx, connection refused) is retried with
backoff; a permanent one (5xx) or the last attempt leaves "not delivered" with the reason.
The reply itself is never lost: it is in the ticket whatever happens to the mail.
"""

from __future__ import annotations

import logging
import smtplib
import socket
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import linebreaks

from frontdesk.core.jobs import enqueue_with_transaction
from frontdesk.core.text import one_line
from frontdesk.inbox.choices import Security
from frontdesk.inbox.models import Mailbox
from frontdesk.tickets import hooks, outbound
from frontdesk.tickets.choices import AuthorType, Channel, DeliveryStatus, MessageKind
from frontdesk.tickets.hooks import TicketChange
from frontdesk.tickets.models import Message, Ticket

logger = logging.getLogger(__name__)

EMAILED_CHANNELS = {Channel.EMAIL, Channel.WEB, Channel.API}
BASE_BACKOFF = timedelta(minutes=1)
LEASE = timedelta(minutes=5)


def mailbox_connection(from_address: str) -> Any:
    """The SMTP connection of the mailbox that owns `from_address`, if it has its own."""
    if not from_address:
        return None
    mailbox = Mailbox.objects.filter(address__iexact=from_address, active=True).first()
    if mailbox is None or not mailbox.smtp_host:
        return None
    return get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=mailbox.smtp_host,
        port=mailbox.smtp_port,
        username=mailbox.smtp_username or None,
        password=mailbox.smtp_password or None,
        use_tls=mailbox.smtp_security == Security.STARTTLS,
        use_ssl=mailbox.smtp_security == Security.SSL,
        timeout=30,
    )


def on_ticket_changed(ticket: Ticket, change: TicketChange) -> None:
    message = change.message
    if message is None or message.kind != MessageKind.REPLY:
        return
    if message.author_type != AuthorType.AGENT or ticket.channel not in EMAILED_CHANNELS:
        return
    if not ticket.customer.email:
        return
    external_id = outbound.message_id_for(ticket, f"m{message.pk}")
    Message.objects.filter(pk=message.pk).update(
        delivery_status=DeliveryStatus.QUEUED, external_id=external_id
    )
    from frontdesk.inbox.tasks import deliver_message

    enqueue_with_transaction(deliver_message, message.pk)


def register() -> None:
    hooks.register(changed=on_ticket_changed, email_connection=mailbox_connection)


def _permanent(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for code, msg in error.recipients.values()
        ]
        return one_line("; ".join(parts), 500)
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        decoded = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return one_line(f"{error.smtp_code} {decoded}", 500)
    if isinstance(error, (socket.timeout, ConnectionError, OSError)):
        return one_line(f"mail server unreachable: {error}", 500)
    return one_line(f"{type(error).__name__}: {error}", 500)


def backoff(attempts: int) -> timedelta:
    return BASE_BACKOFF * (2 ** max(attempts - 1, 0))


def deliver(message_pk: int, now: datetime | None = None) -> str:
    """Send one queued reply. Returns sent / failed / retry / skipped."""
    now = now or timezone.now()
    claimed = Message.objects.filter(
        pk=message_pk,
        delivery_status__in=[DeliveryStatus.QUEUED, DeliveryStatus.FAILED],
        delivery_attempts__lt=settings.FRONTDESK_EMAIL_DELIVERY_ATTEMPTS,
    ).update(delivery_status=DeliveryStatus.SENDING, delivery_claimed_at=now)
    if not claimed:
        return "skipped"
    message = Message.objects.select_related("ticket__customer", "author_user").get(pk=message_pk)
    ticket = message.ticket
    html = message.body_html or linebreaks(message.body, autoescape=True)
    mail = outbound.build_email(
        ticket,
        to=ticket.customer.email or "",
        subject=outbound.subject_for(ticket),
        text=message.body,
        html=html,
        message_id=message.external_id or outbound.message_id_for(ticket, f"m{message.pk}"),
        automatic=False,
    )
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as handle:
            mail.attach(attachment.filename, handle.read(), attachment.content_type)
    try:
        mail.send()
    except Exception as error:
        attempts = message.delivery_attempts + 1
        final = _permanent(error) or attempts >= settings.FRONTDESK_EMAIL_DELIVERY_ATTEMPTS
        Message.objects.filter(pk=message_pk).update(
            delivery_status=DeliveryStatus.FAILED,
            delivery_error=_reason(error),
            delivery_attempts=(settings.FRONTDESK_EMAIL_DELIVERY_ATTEMPTS if final else attempts),
            delivery_claimed_at=now,
        )
        logger.warning("reply %s to %s not delivered: %s", message_pk, ticket.reference, error)
        return "failed" if final else "retry"
    Message.objects.filter(pk=message_pk).update(
        delivery_status=DeliveryStatus.SENT,
        delivery_error="",
        delivery_attempts=F("delivery_attempts") + 1,
    )
    return "sent"


def due_for_retry(now: datetime) -> list[int]:
    """Replies whose job was lost, whose sender died mid-send, or whose backoff is over."""
    limit = settings.FRONTDESK_EMAIL_DELIVERY_ATTEMPTS
    stale = Q(delivery_status=DeliveryStatus.SENDING, delivery_claimed_at__lt=now - LEASE)
    lost = Q(delivery_status=DeliveryStatus.QUEUED, created_at__lt=now - timedelta(minutes=2))
    candidates = Message.objects.filter(
        stale | lost | Q(delivery_status=DeliveryStatus.FAILED, delivery_attempts__lt=limit)
    ).values_list("pk", "delivery_status", "delivery_attempts", "delivery_claimed_at")[:500]
    due: list[int] = []
    for pk, status, attempts, claimed_at in candidates:
        if status == DeliveryStatus.FAILED and claimed_at and claimed_at + backoff(attempts) > now:
            continue
        due.append(pk)
    if due:
        Message.objects.filter(
            pk__in=due, delivery_status=DeliveryStatus.SENDING, delivery_claimed_at__lt=now - LEASE
        ).update(delivery_status=DeliveryStatus.QUEUED)
    return due
