"""SSO headers (SECURITY.md 10): Frontdesk trusts no proxy to name the user. A request
carrying REMOTE_USER or one of the usual SSO headers, straight from the client, signs
no one in, on the pages or the API."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

IDENTITY_HEADERS = {
    "REMOTE_USER": "admin",  # what a web server's auth module sets in the environment
    "HTTP_REMOTE_USER": "admin",
    "HTTP_X_REMOTE_USER": "admin",
    "HTTP_X_FORWARDED_USER": "admin",
    "HTTP_X_AUTH_REQUEST_USER": "admin",
    "HTTP_X_AUTH_REQUEST_EMAIL": "admin@example.com",
    "HTTP_X_FORWARDED_EMAIL": "admin@example.com",
    "HTTP_X_USER": "admin",
    "HTTP_X_WEBAUTH_USER": "admin",
    "HTTP_AUTH_USER": "admin",
}


def test_no_remote_user_middleware_or_backend_is_installed() -> None:
    everything = " ".join([*settings.MIDDLEWARE, *settings.AUTHENTICATION_BACKENDS])
    assert "RemoteUser" not in everything
    assert settings.AUTHENTICATION_BACKENDS == ["django.contrib.auth.backends.ModelBackend"]


@pytest.mark.parametrize("header", sorted(IDENTITY_HEADERS))
def test_an_identity_header_from_the_client_signs_no_one_in(personas, header) -> None:
    client = Client(**{header: IDENTITY_HEADERS[header]})
    for path in ("/inbox/", "/settings/members/", "/account/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert "_auth_user_id" not in client.session
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/requests/")["Location"].startswith("/account/sign-in/")  # portal


def test_all_identity_headers_at_once_sign_no_one_in_either(personas) -> None:
    client = Client(**IDENTITY_HEADERS)
    assert client.get("/settings/audit-log/")["Location"].startswith("/sign-in/")
    assert client.get("/api/v1/audit-log").status_code == 401
    # The same client signs in normally with a password: the headers change nothing.
    client.post("/sign-in/", {"username": "anna", "password": "correct horse battery staple"})
    assert client.get("/inbox/").status_code == 200
    assert client.get("/settings/audit-log/").status_code == 404  # still Anna, not admin
