"""Settings → Quarantine: mail that could not be processed, kept raw (SECURITY.md 39).

Administrators look at the error and the headers, process a message again after a fix,
discard it, or download the original .eml.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import BinaryField, QuerySet
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.inbox.choices import InboundStatus, Outcome
from frontdesk.inbox.models import InboundEmail
from frontdesk.inbox.services import (
    TRANSIENT_ERRORS,
    do_accept_unverified_email,
    do_discard_email,
    do_reprocess_email,
)
from frontdesk.inbox.views import (
    HEADER_BYTES,
    admin_required,
    eml_response,
    header_value,
    raw_headers,
)

SECTION = "quarantine"
LIST_LIMIT = 200


def _quarantined() -> QuerySet[InboundEmail]:
    return InboundEmail.objects.filter(status=InboundStatus.QUARANTINED).select_related("mailbox")


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _summary(inbound: InboundEmail, headers: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "inbound": inbound,
        "sender": inbound.from_address or header_value(headers, "From"),
        "subject": inbound.subject or header_value(headers, "Subject"),
        "error_line": _first_line(inbound.error),
    }


@admin_required
@require_GET
def quarantine_list(request: HttpRequest) -> HttpResponse:
    # Only the start of each message is read from the database: headers, not attachments.
    head = Substr("raw", 1, HEADER_BYTES, output_field=BinaryField())
    queryset = _quarantined().defer("raw").annotate(head=head)
    rows = [
        _summary(inbound, raw_headers(bytes(inbound.head or b"")))  # type: ignore[attr-defined]
        for inbound in queryset.order_by("-received_at", "-pk")[:LIST_LIMIT]
    ]
    context = {
        "rows": rows,
        "total": _quarantined().count(),
        "limit": LIST_LIMIT,
        "section": SECTION,
    }
    return render(request, "inbox/quarantine_list.html", context)


@admin_required
@require_GET
def quarantine_detail(request: HttpRequest, inbound_id: int) -> HttpResponse:
    inbound = get_object_or_404(_quarantined(), pk=inbound_id)
    headers = raw_headers(bytes(inbound.raw))
    context = {**_summary(inbound, headers), "headers": headers, "section": SECTION}
    return render(request, "inbox/quarantine_detail.html", context)


@admin_required
@require_POST
def quarantine_reprocess(request: HttpRequest, inbound_id: int) -> HttpResponse:
    inbound = get_object_or_404(_quarantined(), pk=inbound_id)
    # "Add it anyway" on a mail held because its sender failed verification.
    accept = request.POST.get("accept_unverified") == "1" and inbound.outcome == Outcome.HELD
    try:
        if accept:
            result = do_accept_unverified_email(inbound=inbound)
        else:
            result = do_reprocess_email(inbound=inbound)
    except TRANSIENT_ERRORS:
        messages.error(request, _("The database is busy; try again in a moment."))
        return redirect("inbox:quarantine-detail", inbound_id=inbound.pk)
    line = result.line()
    if _quarantined().filter(pk=inbound.pk).exists():
        messages.error(request, _("Still quarantined: %(result)s") % {"result": line})
        return redirect("inbox:quarantine-detail", inbound_id=inbound.pk)
    messages.success(request, _("Processed: %(result)s") % {"result": line})
    return redirect("inbox:quarantine-list")


@admin_required
@require_http_methods(["GET", "POST"])
def quarantine_discard(request: HttpRequest, inbound_id: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes the message for good."""
    inbound = get_object_or_404(_quarantined().defer("raw"), pk=inbound_id)
    if request.method == "POST":
        do_discard_email(inbound=inbound)
        messages.success(request, _("The email was discarded."))
        return redirect("inbox:quarantine-list")
    context = {"inbound": inbound, "section": SECTION}
    return render(request, "inbox/quarantine_discard.html", context)


@admin_required
@require_GET
def quarantine_download(request: HttpRequest, inbound_id: int) -> HttpResponse:
    return eml_response(get_object_or_404(_quarantined(), pk=inbound_id))
