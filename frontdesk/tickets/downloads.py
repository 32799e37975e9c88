"""Serving attachments safely (SECURITY.md 29-32)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.template import loader
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from frontdesk.tickets.models import Attachment
from frontdesk.tickets.scan import download_block

INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "application/pdf"}


def attachment_response(
    attachment: Attachment, *, inline: bool = False, request: HttpRequest | None = None
) -> FileResponse | HttpResponse:
    """Download with a server-chosen type; HTML/SVG/XML never inline. A blocked file
    (malware, a refused type, a scan not passed: scan.download_block) is a 403 page."""
    blocked = download_block(attachment)
    if blocked:
        return blocked_response(blocked, request)
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


def blocked_response(
    reason: str, request: HttpRequest | None, *, status: int = 403, title: str = ""
) -> HttpResponse:
    """The error page with the reason (the product's 403 page, in the reader's language)."""
    title = title or _("File blocked")
    context = {"error_code": status, "error_title": title, "error_text": reason}
    body = loader.get_template("errors/page.html").render(context, request)
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
