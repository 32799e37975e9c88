"""Customer sign-in by emailed link (SECURITY.md 18)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from frontdesk.accounts.models import hash_token
from frontdesk.portal.models import SignInLink

LINK = re.compile(r"http://testserver(/account/link/[\w-]+/)")


def _request_link(client: Client, email: str, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/sign-in/", {"email": email})
    assert response.status_code == 200
    return response.content.decode()


def test_it_emails_a_single_use_link_in_the_customers_language(
    personas, client: Client, django_capture_on_commit_callbacks
):
    page = _request_link(client, "Ayse@Example.com", django_capture_on_commit_callbacks)
    assert "Check your email" in page
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ayse@example.com"]
    assert "Sayın" in message.body and "bağlantıyı kullanın" in message.body  # Turkish
    path = LINK.search(message.body).group(1)
    token = path.split("/")[3]
    assert len(token) >= 43  # 256 bits, base64
    link = SignInLink.objects.get()
    assert link.token_hash == hash_token(token) and token not in link.token_hash
    assert timedelta(minutes=29) < link.expires_at - timezone.now() <= timedelta(minutes=30)

    # A GET (a mail scanner, a preview) shows a button and consumes nothing.
    for _ in range(2):
        confirm = client.get(path)
        assert confirm.status_code == 200 and '<form method="post"' in confirm.content.decode()
    link.refresh_from_db()
    assert link.used_at is None

    old_session = client.session.session_key
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/requests/"
    assert client.session["customer_id"] == personas.customer.pk
    assert client.session.session_key != old_session
    assert client.get("/requests/").status_code == 200

    again = Client().post(path)
    assert again.status_code == 410
    assert "/account/sign-in/" in again.content.decode()
    assert "customer_id" not in again.wsgi_request.session
    assert Client().get(path).status_code == 410


def test_an_expired_link_fails(personas, client: Client, django_capture_on_commit_callbacks):
    _request_link(client, "ayse@example.com", django_capture_on_commit_callbacks)
    path = LINK.search(mail.outbox[0].body).group(1)
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(path).status_code == 410
    response = client.post(path)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert "customer_id" not in client.session


def test_an_unknown_email_gets_the_same_answer_and_no_mail(
    personas, django_capture_on_commit_callbacks
):
    known = _request_link(Client(), "ayse@example.com", django_capture_on_commit_callbacks)
    unknown = _request_link(Client(), "nobody@example.com", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|data-csrf="[^"]+"')
    assert strip.sub("", known.replace("ayse@example.com", "X")) == strip.sub(
        "", unknown.replace("nobody@example.com", "X")
    )


def test_a_made_up_token_fails(db, client: Client):
    assert client.get("/account/link/" + "A" * 43 + "/").status_code == 410
    assert client.post("/account/link/" + "A" * 43 + "/").status_code == 410


def test_sign_in_requests_are_rate_limited_per_email_and_ip(personas, client: Client):
    for _ in range(3):
        assert client.post("/account/sign-in/", {"email": "ayse@example.com"}).status_code == 200
    limited = client.post("/account/sign-in/", {"email": "AYSE@example.com"})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    for i in range(6):
        client.post("/account/sign-in/", {"email": f"n{i}@example.com"})
    assert client.post("/account/sign-in/", {"email": "z@example.com"}).status_code == 429
    assert SignInLink.objects.count() == 3


def test_sign_out(personas, client: Client):
    from frontdesk.portal.tests.support import signed_in

    client = signed_in(personas.customer)
    assert client.get("/requests/").status_code == 200
    assert client.get("/account/sign-out/").status_code == 405
    assert client.post("/account/sign-out/").status_code == 302
    assert client.get("/requests/").status_code == 302
