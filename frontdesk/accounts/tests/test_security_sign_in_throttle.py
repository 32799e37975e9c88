"""The sign-in throttle (SECURITY.md 6): ten failures in 15 minutes stop an address
trying many accounts and an account tried from many addresses, and the stop ends by
itself, so an attacker cannot lock the real member out for good."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from frontdesk.accounts.views.sign_in import SIGN_IN_FAILURES, SIGN_IN_WINDOW
from frontdesk.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"


def _sign_in(address: str, username: str, password: str) -> int:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/sign-in/", {"username": username, "password": password})
    if response.status_code == 302:
        assert client.get("/inbox/").status_code == 200
    return response.status_code


def test_one_address_trying_many_accounts_is_stopped(personas) -> None:
    attacker = "198.51.100.7"
    for n in range(SIGN_IN_FAILURES):
        assert _sign_in(attacker, f"guess{n}", "wrong") == 200
    assert _sign_in(attacker, "anna", PASSWORD) == 429  # even with a right password
    assert _sign_in("203.0.113.20", "anna", PASSWORD) == 302  # Anna, elsewhere, is not


def test_one_account_tried_from_many_addresses_is_stopped(personas) -> None:
    for n in range(SIGN_IN_FAILURES):
        assert _sign_in(f"198.51.100.{n + 1}", "anna", "wrong") == 200
    assert _sign_in("198.51.100.200", "anna", PASSWORD) == 429
    assert _sign_in("198.51.100.201", "oskar", PASSWORD) == 302  # other accounts are not


def test_the_stop_ends_after_the_window(personas, monkeypatch) -> None:
    for n in range(SIGN_IN_FAILURES):
        _sign_in(f"198.51.100.{n + 1}", "anna", "wrong")
    throttled = Client(REMOTE_ADDR="198.51.100.1").post(
        "/sign-in/", {"username": "anna", "password": PASSWORD}
    )
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) == SIGN_IN_WINDOW <= 15 * 60

    later = time.time() + SIGN_IN_WINDOW + 1
    monkeypatch.setattr(time, "time", lambda: later)  # the cache's clock: the counters expire
    assert _sign_in("198.51.100.1", "anna", PASSWORD) == 302


def test_failed_and_successful_sign_ins_are_audited_with_the_address(personas) -> None:
    _sign_in("198.51.100.9", "anna", "wrong")
    _sign_in("198.51.100.9", "anna", PASSWORD)
    failed = AuditEntry.objects.filter(action="auth.sign_in_failed").latest("pk")
    signed_in = AuditEntry.objects.filter(action="auth.sign_in").latest("pk")
    assert (failed.actor_label, failed.ip) == ("anna", "198.51.100.9")
    assert (signed_in.actor_id, signed_in.ip) == (personas.agent.pk, "198.51.100.9")


@pytest.mark.parametrize("forged", ["203.0.113.50", "203.0.113.50, 10.0.0.1"])
def test_a_forwarded_for_header_does_not_reset_the_count(personas, forged) -> None:
    attacker = "198.51.100.7"
    for n in range(SIGN_IN_FAILURES):
        client = Client(REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        client.post("/sign-in/", {"username": f"guess{n}", "password": "wrong"})
    client = Client(REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR=forged)
    response = client.post("/sign-in/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 429
