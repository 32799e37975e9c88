"""A customer's data export (SECURITY.md 51): one ZIP with `customer.json` and her files.

What goes in (docs/privacy.md): her profile, her organization's name, every ticket she
opened with the messages exchanged with her (her own and the agents' public replies) and
their attachments, and messages she wrote on other tickets. Internal notes and the
profile's staff notes are left out unless the administrator asks for them: they are
personal data about her too, but may name other people and are reviewed before they are
handed over.

The archive is written to an anonymous temporary file (gone when closed) and streamed.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from typing import IO, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from frontdesk.customers.models import Customer
from frontdesk.tickets.choices import MessageKind
from frontdesk.tickets.models import Attachment, Message, Ticket

FORMAT = "frontdesk-customer-export/1"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def archive_name(customer: Customer) -> str:
    return f"customer-{customer.pk}-{timezone.now():%Y%m%d}.zip"


def member_name(attachment: Attachment) -> str:
    """`attachments/<id>-<name>`: letters, digits, dot, dash and underscore only."""
    name = _UNSAFE.sub("_", attachment.filename).strip("._")[:100] or "file"
    return f"attachments/{attachment.pk}-{name}"


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def _message(message: Message, customer: Customer) -> dict[str, Any]:
    mine = message.author_customer_id == customer.pk
    author = "you" if mine else str(message.author_type)
    return {
        "id": message.pk,
        "created_at": _when(message.created_at),
        "author": author,
        "internal_note": message.kind == MessageKind.NOTE,
        "channel": message.channel,
        "text": message.body,
        "html": message.body_html,
        "quoted_text": message.quoted_text,
        "attachments": [
            {
                "file": member_name(attachment),
                "name": attachment.filename,
                "content_type": attachment.content_type,
                "size": attachment.size,
            }
            for attachment in message.attachments.all()
        ],
    }


def customer_data(customer: Customer, *, include_internal: bool) -> dict[str, Any]:
    messages = exported_messages(customer, include_internal=include_internal)
    messages = messages.prefetch_related("attachments").order_by("created_at", "pk")
    tickets = (
        Ticket.objects.filter(customer=customer)
        .prefetch_related(Prefetch("messages", queryset=messages))
        .order_by("created_at", "pk")
    )
    elsewhere = (
        Message.objects.filter(author_customer=customer)
        .exclude(ticket__customer=customer)
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    organization = customer.organization
    profile: dict[str, Any] = {
        "id": customer.pk,
        "name": customer.name,
        "email": customer.email,
        "phone": customer.phone,
        "language": customer.language,
        "time_zone": customer.time_zone,
        "created_at": _when(customer.created_at),
    }
    if include_internal:
        profile["staff_notes"] = customer.notes
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "includes_internal_notes": include_internal,
        "customer": profile,
        "organization": {"name": organization.name} if organization else None,
        "tickets": [
            {
                "reference": ticket.reference,
                "subject": ticket.subject,
                "status": ticket.status,
                "channel": ticket.channel,
                "created_at": _when(ticket.created_at),
                "updated_at": _when(ticket.updated_at),
                "solved_at": _when(ticket.solved_at),
                "closed_at": _when(ticket.closed_at),
                "messages": [_message(m, customer) for m in ticket.messages.all()],
            }
            for ticket in tickets
        ],
        "messages_on_other_tickets": [_message(m, customer) for m in elsewhere],
    }


def exported_messages(customer: Customer, *, include_internal: bool) -> QuerySet[Message]:
    """Messages of her tickets (without notes unless asked) and hers on other tickets."""
    own = Q(ticket__customer=customer)
    if not include_internal:
        own &= ~Q(kind=MessageKind.NOTE)
    return Message.objects.filter(own | Q(author_customer=customer))


def build_archive(customer: Customer, *, include_internal: bool = False) -> IO[bytes]:
    """The ZIP in a temporary file, positioned at its start (the caller closes it)."""
    data = customer_data(customer, include_internal=include_internal)
    attachments = Attachment.objects.filter(
        message__in=exported_messages(customer, include_internal=include_internal)
    ).order_by("pk")
    archive = tempfile.TemporaryFile(prefix="frontdesk-export-")  # noqa: SIM115
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("customer.json", json.dumps(data, ensure_ascii=False, indent=2))
        for attachment in attachments:
            try:
                with (
                    attachment.file.open("rb") as source,
                    zipped.open(member_name(attachment), "w") as target,
                ):
                    shutil.copyfileobj(source, target)
            except OSError:
                zipped.writestr(member_name(attachment) + ".missing", b"")
    archive.seek(0)
    return archive
