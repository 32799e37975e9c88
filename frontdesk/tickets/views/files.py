"""HTML views of the tickets app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from frontdesk.tickets.access import access_attachment
from frontdesk.tickets.downloads import attachment_response


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = access_attachment(request.user, attachment_id)  # type: ignore[arg-type]
    return attachment_response(attachment)
