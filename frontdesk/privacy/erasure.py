"""Erasing text while keeping the numbers: the steps shared by a customer's erasure and
the retention rules. No transaction here: the services in `privacy.services` call these
inside theirs and delete files only after the commit.

What "erased" means for a ticket (docs/privacy.md): the subject, every message (the
customer's, the agents' replies, which quote and address her, and the internal notes),
quoted mail, delivery errors, escalation reasons, event notes and subject changes,
solve notes and action plans become "[erased]" or empty; attachments and the raw emails
are deleted; the ticket leaves the search index. Status, team, branch, channel, dates,
counts and who worked on it stay, so reports still add up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from frontdesk.inbox.models import InboundEmail
from frontdesk.privacy.models import AnonymisedTicket
from frontdesk.resolution.models import ActionPlan, SolveRecord
from frontdesk.tickets import search
from frontdesk.tickets.choices import EventKind
from frontdesk.tickets.models import Attachment, Message, Ticket, TicketEvent

logger = logging.getLogger(__name__)

ERASED = "[erased]"
SESSION_CUSTOMER_KEY = "customer_id"  # portal.access.SESSION_KEY (the portal sits above us)


def attachment_files(attachments: Iterable[Attachment]) -> list[str]:
    return [attachment.file.name for attachment in attachments if attachment.file.name]


def delete_files_on_commit(names: Sequence[str]) -> None:
    """Remove stored files once the rows that named them are gone for good."""
    if not names:
        return

    def remove() -> None:
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("could not delete erased file %s", name, exc_info=True)

    transaction.on_commit(remove)


def delete_paths_on_commit(paths: Sequence[Path]) -> None:
    """Remove files outside the storage (written mail) once the transaction committed."""
    if not paths:
        return

    def remove() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    transaction.on_commit(remove)


def erase_messages(messages: Q) -> list[str]:
    """Blank the messages matched by `messages`, drop their attachments and raw emails.
    Returns the attachment files to delete after the commit."""
    attachments = Attachment.objects.filter(message__in=Message.objects.filter(messages))
    files = attachment_files(attachments.only("file"))
    attachments.delete()
    InboundEmail.objects.filter(ticket_message__in=Message.objects.filter(messages)).delete()
    Message.objects.filter(messages).update(
        body=ERASED, body_html="", quoted_text="", external_id="", delivery_error="", facts=None
    )
    return files


def erase_tickets(ticket_ids: Sequence[int], *, now: datetime) -> list[str]:
    """Erase the text of these tickets (see the module's docstring); returns files to delete."""
    ids = list(ticket_ids)
    if not ids:
        return []
    files = erase_messages(Q(ticket_id__in=ids))
    InboundEmail.objects.filter(ticket_id__in=ids).delete()
    Ticket.objects.filter(pk__in=ids).update(subject=ERASED)
    Ticket.objects.filter(pk__in=ids).exclude(escalation_reason="").update(
        escalation_reason=ERASED, escalation_facts=None
    )
    events = TicketEvent.objects.filter(ticket_id__in=ids)
    events.exclude(note="").update(note=ERASED, facts=None)  # facts would word it again
    events.filter(Q(field="subject") | Q(kind=EventKind.DELIVERY)).update(
        old_value=ERASED, new_value=ERASED
    )
    SolveRecord.objects.filter(ticket_id__in=ids).exclude(note="").update(note=ERASED)
    ActionPlan.objects.filter(ticket_id__in=ids).update(text=ERASED)
    search.forget_tickets(ids)
    done = set(
        AnonymisedTicket.objects.filter(ticket_id__in=ids).values_list("ticket_id", flat=True)
    )
    AnonymisedTicket.objects.bulk_create(
        [AnonymisedTicket(ticket_id=pk, anonymised_at=now) for pk in ids if pk not in done]
    )
    return files


def reindex_tickets(ticket_ids: Sequence[int]) -> None:
    """Index these tickets' messages again from what is stored now (after an erasure
    changed some of them): the subject on the first message, as the services do."""
    ids = list(ticket_ids)
    if not ids:
        return
    search.forget_tickets(ids)
    tickets = {t.pk: t for t in Ticket.objects.filter(pk__in=ids).only("subject", "language")}
    first: set[int] = set()
    for message in Message.objects.filter(ticket_id__in=ids).order_by("ticket_id", "pk"):
        ticket = tickets[message.ticket_id]
        subject = "" if ticket.pk in first else ticket.subject
        first.add(ticket.pk)
        search.index_message(
            message_id=message.pk,
            ticket_id=ticket.pk,
            subject=subject,
            body=message.body,
            internal=message.internal,
            language=ticket.language,
        )


def delete_tickets(ticket_ids: Sequence[int]) -> list[str]:
    """Delete these tickets with everything that hangs on them; returns files to delete."""
    ids = list(ticket_ids)
    if not ids:
        return []
    files = attachment_files(Attachment.objects.filter(message__ticket_id__in=ids).only("file"))
    InboundEmail.objects.filter(ticket_id__in=ids).delete()
    search.forget_tickets(ids)
    Ticket.objects.filter(pk__in=ids).delete()
    return files


def end_portal_sessions(customer_id: int) -> int:
    """Sign the customer out of the portal everywhere (database sessions)."""
    doomed = [
        session.session_key
        for session in Session.objects.all().iterator(chunk_size=500)
        if session.get_decoded().get(SESSION_CUSTOMER_KEY) == customer_id
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def outbox_files_naming(address: str) -> list[Path]:
    """Mail written to files (no mail server configured: EMAIL_FILE_PATH) sent to her."""
    folder = Path(getattr(settings, "EMAIL_FILE_PATH", "") or "")
    if not address or not str(folder) or not folder.is_dir():
        return []
    needle = address.lower().encode()
    found = []
    for path in folder.iterdir():
        try:
            if path.is_file() and needle in path.read_bytes().lower():
                found.append(path)
        except OSError:
            continue
    return found
