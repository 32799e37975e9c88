"""HTML views of the email channel: Settings → Mailboxes and Quarantine, original emails.

Settings pages follow the other settings screens: anonymous visitors go to sign-in,
staff who are not administrators get 404.
"""

from __future__ import annotations

from collections.abc import Callable
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from frontdesk.accounts.decorators import staff_required
from frontdesk.accounts.models import User
from frontdesk.core.text import one_line
from frontdesk.inbox.models import InboundEmail

View = Callable[..., HttpResponse]


def admin_required(view: View) -> View:
    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not isinstance(request.user, User) or not request.user.is_admin:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def actor(request: HttpRequest) -> User:
    """The signed-in staff user (the decorators have run; customers are never users)."""
    assert isinstance(request.user, User)
    return request.user


# Headers are shown from at most this much of the message (headers come first).
HEADER_BYTES = 64 * 1024


def raw_headers(raw: bytes) -> list[tuple[str, str]]:
    """The message's headers as (name, one-line value), read leniently; never raises."""
    try:
        parsed = BytesHeaderParser(policy=compat32).parsebytes(bytes(raw[:HEADER_BYTES]))
        return [(one_line(str(k), 100), one_line(str(v), 2000)) for k, v in parsed.items()]
    except Exception:  # headers so broken that even compat32 gives up: show none
        return []


def header_value(headers: list[tuple[str, str]], name: str) -> str:
    wanted = name.lower()
    value = next((v for k, v in headers if k.lower() == wanted), "")
    try:
        return str(make_header(decode_header(value)))
    except Exception:  # an undecodable encoded word: show it as it is
        return value


def eml_response(inbound: InboundEmail) -> HttpResponse:
    """The raw message as a download, never rendered by the browser (SECURITY.md 29)."""
    raw = bytes(inbound.raw)
    response = HttpResponse(raw, content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="email-{inbound.pk}.eml"'
    response["Content-Length"] = str(len(raw))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
