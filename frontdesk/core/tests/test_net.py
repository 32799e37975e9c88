"""The client IP: X-Forwarded-For only from a trusted proxy (SECURITY.md 55)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from frontdesk.core.net import client_ip


def ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_header_is_ignored():
    assert ip("192.0.2.1", "198.51.100.4") == "192.0.2.1"


@override_settings(FRONTDESK_TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8::1"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.1.2.3", "198.51.100.4", "198.51.100.4"),
        # The client prepends a forged hop: our proxy appended the real one last.
        ("10.1.2.3", "1.2.3.4, 198.51.100.4", "198.51.100.4"),
        # Two of our proxies in a row.
        ("10.1.2.3", "198.51.100.4, 10.9.9.9", "198.51.100.4"),
        ("2001:db8::1", "2001:db8:ffff::7", "2001:db8:ffff::7"),
        ("10.1.2.3", "[2001:db8:ffff::7]:4711", "2001:db8:ffff::7"),
        ("10.1.2.3", "198.51.100.4:5555", "198.51.100.4"),
        # An untrusted peer cannot choose its address with the header.
        ("192.0.2.1", "198.51.100.4", "192.0.2.1"),
        # Garbage from the proxy: stay with the last address we know.
        ("10.1.2.3", "not-an-ip", "10.1.2.3"),
        ("10.1.2.3", "", "10.1.2.3"),
        ("::ffff:192.0.2.5", None, "192.0.2.5"),
    ],
)
def test_a_trusted_proxy_names_the_client(remote, forwarded, client):
    assert ip(remote, forwarded) == client


def test_a_missing_peer_is_unknown():
    assert ip("") == "unknown"
