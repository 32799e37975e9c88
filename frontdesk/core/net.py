"""Who is on the other end of a request: the client IP (SECURITY.md 55).

REMOTE_ADDR is the direct peer. X-Forwarded-For is believed only when that peer is one
of FRONTDESK_TRUSTED_PROXIES (addresses or networks); then the header is read from the
right, skipping our own proxies, and the first address not among them is the client.
A client talking to us directly cannot choose its own address by sending the header.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(items: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in items)


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: tuple[Network, ...]
) -> bool:
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as text ("unknown" when the server gave none)."""
    peer = _parse(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return "unknown"
    networks = _networks(tuple(getattr(settings, "FRONTDESK_TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(peer, networks):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()][-20:]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A hop our proxy passed on but we cannot read: stop at the last known one.
            return str(peer)
        if not _trusted(address, networks):
            return str(address)
        peer = address
    return str(peer)
