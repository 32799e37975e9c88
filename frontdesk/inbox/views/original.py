"""The original email behind a ticket message: full text, headers, HTML, the .eml.

Staff who may see the ticket only (`access_ticket`, 404 otherwise); customers are not
staff users and never reach it. The HTML part, sanitised by the parser, is shown in an
iframe with an empty `sandbox` (no scripts, no forms, no same origin) and inherits the
page's CSP, which blocks remote images too.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontdesk.accounts.decorators import staff_required
from frontdesk.inbox.email.parse import parse_email
from frontdesk.inbox.models import InboundEmail
from frontdesk.inbox.views import actor, eml_response, header_value, raw_headers
from frontdesk.tickets.access import access_ticket, messages_for_actor
from frontdesk.tickets.models import Message, Ticket

logger = logging.getLogger(__name__)


def _access_original(request: HttpRequest, ticket_id: int, message_id: int) -> Any:
    """(ticket, message, inbound email), each checked against the one before; else 404."""
    user = actor(request)
    ticket: Ticket = access_ticket(user, ticket_id)
    message: Message | None = messages_for_actor(user, ticket).filter(pk=message_id).first()
    if message is None:
        raise Http404("No such message")
    inbound: InboundEmail | None = message.inbound_emails.first()
    if inbound is None:
        raise Http404("This message did not come by email")
    return ticket, message, inbound


def _addresses(values: list[str] | tuple[str, ...] | str) -> str:
    if isinstance(values, str):
        return values
    return ", ".join(str(value) for value in values)


def _email_view(raw: bytes) -> dict[str, Any]:
    headers = raw_headers(raw)
    view: dict[str, Any] = {
        "headers": headers,
        "date": header_value(headers, "Date"),
        "sent_at": None,
        "sender": header_value(headers, "From"),
        "to": header_value(headers, "To"),
        "cc": header_value(headers, "Cc"),
        "subject": header_value(headers, "Subject"),
        "text": "",
        "html": "",
        "unreadable": False,
    }
    try:
        parsed = parse_email(raw)
    except Exception:  # a mail that crashes the parser is shown by its headers only
        logger.warning("original email could not be parsed", exc_info=True)
        view["unreadable"] = True
        return view
    name, address = parsed.from_name, parsed.from_address
    view["sender"] = f"{name} <{address}>" if name and address else address or view["sender"]
    view["to"] = _addresses(parsed.to) or view["to"]
    view["cc"] = _addresses(parsed.cc) or view["cc"]
    view["subject"] = parsed.subject or view["subject"]
    view["sent_at"] = parsed.date
    view["text"] = parsed.text
    view["html"] = parsed.html  # sanitised by the parser (core.text.sanitize_html)
    return view


@staff_required
@require_GET
def message_original(request: HttpRequest, ticket_id: int, message_id: int) -> HttpResponse:
    ticket, message, inbound = _access_original(request, ticket_id, message_id)
    context = {"ticket": ticket, "message": message, "inbound": inbound}
    context.update(_email_view(bytes(inbound.raw)))
    # The HTML kept with the message: sanitised once, card numbers masked (it is what the
    # API and exports show too); the raw part is read only for mail stored before that.
    context["html"] = message.body_html or context["html"]
    response = render(request, "inbox/message_original.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_GET
def message_original_download(
    request: HttpRequest, ticket_id: int, message_id: int
) -> HttpResponse:
    _ticket, _message, inbound = _access_original(request, ticket_id, message_id)
    return eml_response(inbound)
