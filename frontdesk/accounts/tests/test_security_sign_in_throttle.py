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


def test_reset_links_are_rate_limited_per_address_and_per_client(
    personas, django_capture_on_commit_callbacks
) -> None:
    from django.contrib.auth import get_user_model
    from django.core import mail

    get_user_model().objects.filter(pk=personas.agent.pk).update(email="anna@example.com")
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/sign-in/forgot/", {"email": "anna@example.com"})
        assert response.status_code == 302
    flood = client.post("/sign-in/forgot/", {"email": "ANNA@example.com"})
    assert flood.status_code == 429 and int(flood["Retry-After"]) > 0
    assert "Too many requests" in flood.content.decode()
    assert len(mail.outbox) == 3  # no mail bomb in Anna's inbox
    # An unknown address is answered the same way, so the limit reveals nothing.
    for _n in range(3):
        Client(REMOTE_ADDR="203.0.113.5").post("/sign-in/forgot/", {"email": "x@example.com"})
    unknown = Client(REMOTE_ADDR="203.0.113.6").post("/sign-in/forgot/", {"email": "x@example.com"})
    assert unknown.status_code == 429
    # One client asking for many addresses is stopped too.
    for n in range(10):
        Client(REMOTE_ADDR="192.0.2.9").post("/sign-in/forgot/", {"email": f"n{n}@example.com"})
    many = Client(REMOTE_ADDR="192.0.2.9").post("/sign-in/forgot/", {"email": "z@example.com"})
    assert many.status_code == 429
