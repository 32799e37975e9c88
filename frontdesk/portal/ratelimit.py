"""The portal's rate limits (SECURITY.md 55); the counter lives in `core.ratelimit`.

The client is `core.net.client_ip`: REMOTE_ADDR, or X-Forwarded-For only when the direct
peer is one of FRONTDESK_TRUSTED_PROXIES, so a client cannot pick its own key.
"""

from __future__ import annotations

from frontdesk.core.net import client_ip
from frontdesk.core.ratelimit import Limit, hit

__all__ = ["Limit", "client_ip", "hit"]

REQUEST_FORM = Limit("request-form", 5, 600)
SIGN_IN_PER_IP = Limit("sign-in-ip", 10, 600)
SIGN_IN_PER_EMAIL = Limit("sign-in-email", 3, 600)
REPLY_PER_CUSTOMER = Limit("reply", 30, 600)
