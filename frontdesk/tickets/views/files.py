"""Attachments on the staff side: download, and an administrator's release or re-scan of
a blocked file (tickets/scan.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontdesk.accounts.models import User
from frontdesk.core.errors import ServiceError
from frontdesk.tickets.access import access_attachment
from frontdesk.tickets.downloads import attachment_response, blocked_response
from frontdesk.tickets.scan import do_release_attachment, do_rescan_attachment


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse | HttpResponse:
    attachment = access_attachment(request.user, attachment_id)  # type: ignore[arg-type]
    return attachment_response(attachment, request=request)


@login_required
@require_POST
def attachment_release(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """Release (`action=release`) or scan again (`action=rescan`); administrators only."""
    user = request.user
    assert isinstance(user, User)
    attachment = access_attachment(user, attachment_id)
    try:
        if request.POST.get("action") == "rescan":
            do_rescan_attachment(actor=user, attachment=attachment)
        else:
            do_release_attachment(actor=user, attachment=attachment)
    except ServiceError as error:
        return blocked_response(error.message, request, status=error.status, title=_("Not done"))
    url = reverse("tickets:ticket-detail", args=[attachment.message.ticket_id])
    return redirect(f"{url}#message-{attachment.message_id}")
