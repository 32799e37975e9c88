"""Staff sign-in and sign-out (X2), language switch (L1)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

PASSWORD = "correct horse battery staple"
STAFF_PAGES = [
    "/inbox/",
    "/settings/",
    "/settings/business/",
    "/settings/teams/",
    "/settings/members/",
    "/settings/members/new/",
    "/settings/macros/",
    "/settings/macros/new/",
]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def test_it_shows_the_sign_in_form(client: Client, db: None) -> None:
    response = client.get("/sign-in/")
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content
    assert b'id="lang-select"' in response.content


def test_it_signs_staff_in_and_goes_to_the_inbox(client: Client, personas) -> None:
    response = client.post("/sign-in/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/inbox/"
    assert client.get("/inbox/").status_code == 200


def test_it_follows_a_safe_next_but_not_a_foreign_one(client: Client, personas) -> None:
    data = {"username": "anna", "password": PASSWORD, "next": "/settings/"}
    assert client.post("/sign-in/", data)["Location"] == "/settings/"
    client.logout()
    data["next"] = "https://evil.example/"
    assert client.post("/sign-in/", data)["Location"] == "/inbox/"


def test_it_explains_a_wrong_password(client: Client, personas) -> None:
    response = client.post("/sign-in/", {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_refuses_a_switched_off_account(client: Client, personas) -> None:
    personas.agent.is_active = False
    personas.agent.save()
    response = client.post("/sign-in/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_throttles_repeated_failures(client: Client, personas) -> None:
    for _attempt in range(10):
        client.post("/sign-in/", {"username": "anna", "password": "wrong"})
    response = client.post("/sign-in/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "_auth_user_id" not in client.session


def test_it_signs_out_with_post_only(client: Client, personas) -> None:
    client.force_login(personas.agent)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert client.get("/inbox/").status_code == 302


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_it_redirects_htmx_requests_of_anonymous_visitors(client: Client, db: None) -> None:
    response = client.get("/inbox/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == "/sign-in/"


def test_it_switches_the_language(client: Client, personas) -> None:
    response = client.post("/i18n/setlang/", {"language": "lv", "next": "/sign-in/"})
    assert response.status_code == 302
    page = client.get("/sign-in/")
    assert page.content.decode().startswith("<!doctype html>")
    assert '<html lang="lv">' in page.content.decode()
