"""Inbound mail webhook for providers: the raw MIME message, signed with the mailbox secret.

Two signed forms are accepted, both with the mailbox's webhook secret as key:
- Frontdesk's own: the raw message as the request body (`message/rfc822`), headers
  `X-Frontdesk-Timestamp: <unix seconds>` and
  `X-Frontdesk-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>." + body>`;
- Mailgun's "store and notify / forward raw MIME" form: fields `body-mime`, `timestamp`,
  `token`, `signature` = hex HMAC-SHA256 of timestamp + token (its documented scheme).
A request older than five minutes, or a token seen before, is refused (replay).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontdesk.core.errors import Invalid
from frontdesk.inbox.choices import Source
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import TRANSIENT_ERRORS, do_ingest_email

MAX_SKEW_SECONDS = 300


def _fresh(timestamp: str) -> bool:
    try:
        return abs(time.time() - int(timestamp)) <= MAX_SKEW_SECONDS
    except ValueError:
        return False


def _first_use(kind: str, value: str) -> bool:
    """A signature is accepted once (the cache remembers it for the skew window)."""
    return cache.add(f"inbox-webhook:{kind}:{value}", 1, timeout=MAX_SKEW_SECONDS * 2)


def _digest(secret: str, payload: bytes) -> str:
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def _raw_from_request(request: HttpRequest, secret: str) -> bytes | None:
    """The verified raw message, or None when the signature does not hold."""
    if "body-mime" in request.POST:
        timestamp = request.POST.get("timestamp", "")
        token = request.POST.get("token", "")
        signature = request.POST.get("signature", "")
        expected = _digest(secret, f"{timestamp}{token}".encode())
        if not (token and _fresh(timestamp) and hmac.compare_digest(signature, expected)):
            return None
        if not _first_use("mailgun", token):
            return None
        return request.POST["body-mime"].encode("utf-8", errors="surrogateescape")
    timestamp = request.headers.get("X-Frontdesk-Timestamp", "")
    signature = request.headers.get("X-Frontdesk-Signature", "").removeprefix("sha256=")
    body = request.body
    expected = _digest(secret, timestamp.encode() + b"." + body)
    if not (_fresh(timestamp) and hmac.compare_digest(signature, expected)):
        return None
    if not _first_use("frontdesk", signature):
        return None
    return body


@csrf_exempt
@require_POST
def inbound_webhook(request: HttpRequest, mailbox_id: int) -> JsonResponse:
    mailbox = get_object_or_404(Mailbox, pk=mailbox_id, active=True)
    if int(request.headers.get("Content-Length") or 0) > settings.FRONTDESK_MAX_MESSAGE_BYTES:
        return JsonResponse({"detail": "The message is larger than the limit."}, status=413)
    secret = mailbox.webhook_secret
    if not secret:
        return JsonResponse({"detail": "This mailbox has no webhook secret."}, status=404)
    raw = _raw_from_request(request, secret)
    if raw is None:
        return JsonResponse({"detail": "Invalid or expired signature."}, status=401)
    try:
        result = do_ingest_email(raw, source=Source.WEBHOOK, mailbox=mailbox)
    except TRANSIENT_ERRORS:
        return JsonResponse({"detail": "Temporarily unavailable; retry."}, status=503)
    except Invalid as error:
        return JsonResponse({"detail": error.message}, status=400)
    return JsonResponse({"result": result.line()})
