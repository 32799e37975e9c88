"""The provider webhook: signed raw MIME in, exactly one ticket, replays refused."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest
from django.core.cache import cache

from frontdesk.core import crypto
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db
SECRET = "s3cret-webhook-key"


@pytest.fixture
def mailbox(personas) -> Mailbox:
    cache.clear()
    return Mailbox.objects.create(
        name="Support",
        address="support@example.com",
        team=personas.team,
        webhook_secret_encrypted=crypto.encrypt(SECRET),
    )


def signed(body: bytes, secret: str = SECRET, at: int | None = None) -> dict[str, str]:
    timestamp = str(at if at is not None else int(time.time()))
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return {
        "HTTP_X_FRONTDESK_TIMESTAMP": timestamp,
        "HTTP_X_FRONTDESK_SIGNATURE": f"sha256={digest.hexdigest()}",
    }


def post(client, mailbox: Mailbox, body: bytes, headers: dict[str, str]):
    url = f"/inbox/email/webhook/{mailbox.pk}/"
    return client.post(url, data=body, content_type="message/rfc822", **headers)


def test_it_turns_a_signed_message_into_a_ticket(client, mailbox) -> None:
    body = raw_email(subject="From the provider")
    response = post(client, mailbox, body, signed(body))
    assert response.status_code == 200
    kind, reference = response.json()["result"].split()
    assert kind == "ticket"
    assert Ticket.objects.get(reference=reference).subject == "From the provider"


def test_it_refuses_bad_old_and_replayed_signatures(client, mailbox) -> None:
    body = raw_email(subject="Forged")
    assert post(client, mailbox, body, signed(body, secret="wrong")).status_code == 401
    old = int(time.time()) - 3600
    assert post(client, mailbox, body, signed(body, at=old)).status_code == 401
    tampered = signed(body)
    assert post(client, mailbox, body + b"extra", tampered).status_code == 401
    headers = signed(body)
    assert post(client, mailbox, body, headers).status_code == 200
    assert post(client, mailbox, body, headers).status_code == 401  # replay
    assert Ticket.objects.count() == 1


def test_it_accepts_mailgun_raw_mime_with_its_signature(client, mailbox) -> None:
    body = raw_email(subject="Via Mailgun")
    timestamp, token = str(int(time.time())), "tok-123456"
    signature = hmac.new(SECRET.encode(), (timestamp + token).encode(), hashlib.sha256)
    form = {
        "body-mime": body.decode(),
        "timestamp": timestamp,
        "token": token,
        "signature": signature.hexdigest(),
    }
    url = f"/inbox/email/webhook/{mailbox.pk}/"
    assert client.post(url, data=form).status_code == 200
    form["signature"] = "0" * 64
    assert client.post(url, data=form).status_code == 401
    assert Ticket.objects.filter(subject="Via Mailgun").count() == 1


def test_it_is_404_for_unknown_or_inactive_mailboxes(client, mailbox) -> None:
    body = raw_email()
    response = client.post(
        "/inbox/email/webhook/9999/", data=body, content_type="message/rfc822", **signed(body)
    )
    assert response.status_code == 404
    Mailbox.objects.filter(pk=mailbox.pk).update(active=False)
    assert post(client, mailbox, body, signed(body)).status_code == 404
    assert client.get(f"/inbox/email/webhook/{mailbox.pk}/").status_code in (404, 405)
