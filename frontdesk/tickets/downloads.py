"""Serving attachments safely (SECURITY.md 29-31)."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.http import content_disposition_header

from frontdesk.tickets.models import Attachment

INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "application/pdf"}


def attachment_response(attachment: Attachment, *, inline: bool = False) -> FileResponse:
    """Download with a server-chosen type; HTML/SVG/XML never inline."""
    content_type = attachment.content_type or "application/octet-stream"
    as_inline = inline and content_type in INLINE_TYPES
    response = FileResponse(attachment.file.open("rb"), content_type=content_type)
    disposition = content_disposition_header(
        as_attachment=not as_inline, filename=attachment.filename
    )
    response["Content-Disposition"] = disposition or "attachment"
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
