"""Fixed-window rate limits in Django's cache (SECURITY.md 55).

The client is REMOTE_ADDR only: X-Forwarded-For is never trusted here, so a client
cannot pick its own key. Behind a proxy, the proxy must set REMOTE_ADDR (for example
uvicorn --proxy-headers with --forwarded-allow-ips naming the proxy).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int


REQUEST_FORM = Limit("request-form", 5, 600)
SIGN_IN_PER_IP = Limit("sign-in-ip", 10, 600)
SIGN_IN_PER_EMAIL = Limit("sign-in-email", 3, 600)
REPLY_PER_CUSTOMER = Limit("reply", 30, 600)


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(limit: Limit, identity: str, *, now: float | None = None) -> int | None:
    """Count one attempt; returns the seconds to wait when over the limit, else None."""
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"portal-rl:{limit.scope}:{window}:{digest}"
    cache.add(key, 0, timeout=limit.seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.seconds + 5)
        count = 1
    if count <= limit.count:
        return None
    return max(1, math.ceil((window + 1) * limit.seconds - now))
