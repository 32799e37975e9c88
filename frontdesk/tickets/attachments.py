"""Storing attachments: size caps, server-chosen keys, content type from magic bytes."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from frontdesk.core.errors import Invalid
from frontdesk.core.text import one_line

if TYPE_CHECKING:
    from frontdesk.tickets.models import Message
    from frontdesk.tickets.services import NewAttachment

MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"RIFF", "application/octet-stream"),
]
# Types that a browser could execute or render as a document: always downloads.
ACTIVE_TYPES = {
    "text/html",
    "image/svg+xml",
    "application/xhtml+xml",
    "text/xml",
    "application/xml",
    "application/javascript",
    "text/javascript",
}


def sniff_content_type(content: bytes, filename: str) -> str:
    """The server's own idea of the type; never trusts what the sender claimed."""
    for magic, kind in MAGIC:
        if content.startswith(magic):
            if kind == "application/zip":
                guessed = mimetypes.guess_type(filename)[0] or ""
                return guessed if guessed.startswith("application/vnd.openxml") else kind
            return kind
    head = content[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        return "image/svg+xml"
    if head.startswith((b"<!doctype html", b"<html")) or b"<script" in head:
        return "text/html"
    try:
        content[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def safe_filename(filename: str) -> str:
    name = one_line(filename.replace("\\", "/").split("/")[-1], 255).strip(". ")
    return name or "attachment"


def store_all(message: Message, attachments: Sequence[NewAttachment]) -> None:
    from frontdesk.tickets.models import Attachment

    if not attachments:
        return
    total = sum(len(a.content) for a in attachments)
    if total > settings.FRONTDESK_MAX_MESSAGE_BYTES:
        raise Invalid(
            _("The attachments are larger than the limit per message."), field="attachments"
        )
    existing = Attachment.objects.filter(message__ticket_id=message.ticket_id).count()
    if existing + len(attachments) > settings.FRONTDESK_MAX_ATTACHMENTS_PER_TICKET:
        raise Invalid(_("This ticket has reached its limit of attachments."), field="attachments")
    for item in attachments:
        if len(item.content) > settings.FRONTDESK_MAX_ATTACHMENT_BYTES:
            raise Invalid(
                _("%(name)s is larger than the limit per file.")
                % {"name": safe_filename(item.filename)},
                field="attachments",
            )
        name = safe_filename(item.filename)
        attachment = Attachment(
            message=message,
            filename=name,
            content_type=sniff_content_type(item.content, name),
            size=len(item.content),
            sha256=hashlib.sha256(item.content).hexdigest(),
        )
        attachment.file.save(name, ContentFile(item.content), save=False)
        attachment.save()
