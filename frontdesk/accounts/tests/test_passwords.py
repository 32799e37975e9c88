"""Reset links (SECURITY.md 7, 9), the account page and the password policy (5)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.test import Client

from frontdesk.accounts.models import User

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new passphrase"
BASE = "https://help.example.com"


@pytest.fixture(autouse=True)
def _setup(settings) -> None:
    settings.FRONTDESK_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()


def _forgot(client: Client, email: str, capture, **headers: str) -> object:
    with capture(execute=True):
        return client.post("/sign-in/forgot/", {"email": email}, **headers)


def _link_in_last_mail() -> str:
    match = re.search(r"https?://\S+/sign-in/reset/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


def _set(client: Client, link: str, password: str = NEW_PASSWORD) -> object:
    path = link.removeprefix(BASE)
    return client.post(path, {"new_password1": password, "new_password2": password})


def test_forgot_password_answers_the_same_for_unknown_addresses(
    client: Client, personas, django_capture_on_commit_callbacks
) -> None:
    User.objects.filter(pk=personas.agent.pk).update(email="anna@example.com")
    known = _forgot(client, "ANNA@example.com", django_capture_on_commit_callbacks)
    known_page = client.get("/sign-in/").content.decode()
    unknown = _forgot(client, "nobody@example.com", django_capture_on_commit_callbacks)
    unknown_page = client.get("/sign-in/").content.decode()
    assert known.status_code == unknown.status_code == 302  # type: ignore[attr-defined]
    assert known["Location"] == unknown["Location"]  # type: ignore[index]
    strip = re.compile(r'(csrfmiddlewaretoken" value|data-csrf)="[^"]+"')
    assert strip.sub("", known_page) == strip.sub("", unknown_page)
    assert [m.to for m in mail.outbox] == [["anna@example.com"]]


def test_the_link_host_comes_from_the_settings_never_from_the_request(
    client: Client, personas, django_capture_on_commit_callbacks
) -> None:
    User.objects.filter(pk=personas.agent.pk).update(email="anna@example.com")
    _forgot(
        client,
        "anna@example.com",
        django_capture_on_commit_callbacks,
        HTTP_HOST="evil.example",
        HTTP_X_FORWARDED_HOST="evil.example",
    )
    link = _link_in_last_mail()
    assert link.startswith(BASE + "/sign-in/reset/")
    assert "evil" not in mail.outbox[-1].body


def test_a_reset_link_works_once_and_does_not_sign_in(
    client: Client, personas, django_capture_on_commit_callbacks
) -> None:
    User.objects.filter(pk=personas.agent.pk).update(email="anna@example.com")
    _forgot(client, "anna@example.com", django_capture_on_commit_callbacks)
    link = _link_in_last_mail()
    assert client.get(link.removeprefix(BASE)).status_code == 200
    response = _set(client, link)
    assert response["Location"] == "/sign-in/"  # type: ignore[index]
    assert "_auth_user_id" not in client.session
    personas.agent.refresh_from_db()
    assert personas.agent.check_password(NEW_PASSWORD)
    assert client.get(link.removeprefix(BASE)).status_code == 410
    assert _set(client, link, "yet another passphrase").status_code == 410  # type: ignore[attr-defined]


def test_a_reset_link_expires_after_an_hour(
    client: Client, personas, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    User.objects.filter(pk=personas.agent.pk).update(email="anna@example.com")
    _forgot(client, "anna@example.com", django_capture_on_commit_callbacks)
    link = _link_in_last_mail()
    later = datetime.now() + timedelta(minutes=61)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert client.get(link.removeprefix(BASE)).status_code == 410
    assert _set(client, link).status_code == 410  # type: ignore[attr-defined]
    personas.agent.refresh_from_db()
    assert personas.agent.check_password(PASSWORD)


def test_a_password_change_voids_an_open_reset_link(
    client: Client, personas, django_capture_on_commit_callbacks
) -> None:
    User.objects.filter(pk=personas.agent.pk).update(email="anna@example.com")
    _forgot(client, "anna@example.com", django_capture_on_commit_callbacks)
    link = _link_in_last_mail()
    client.force_login(personas.agent)
    data = {
        "op": "password",
        "current_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    assert client.post("/account/", data).status_code == 302
    client.logout()
    assert client.get(link.removeprefix(BASE)).status_code == 410


def test_an_admin_sends_a_reset_link_but_never_sees_it(
    client: Client, personas, django_capture_on_commit_callbacks
) -> None:
    User.objects.filter(pk=personas.agent.pk).update(email="anna@example.com")
    client.force_login(personas.admin)
    url = f"/settings/members/{personas.agent.pk}/reset-password/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "emailed" in response.content.decode()
    link = _link_in_last_mail()
    assert link.removeprefix(BASE) not in response.content.decode()
    assert mail.outbox[-1].to == ["anna@example.com"]
    personas.agent.refresh_from_db()
    assert personas.agent.check_password(PASSWORD)  # unchanged until Anna chooses one


def test_only_admins_send_reset_links(client: Client, personas) -> None:
    url = f"/settings/members/{personas.agent.pk}/reset-password/"
    assert client.post(url)["Location"].startswith("/sign-in/")
    for user in (personas.manager, personas.agent, personas.light_agent):
        client.force_login(user)
        assert client.post(url).status_code == 404
    assert not mail.outbox


# --- the account page -------------------------------------------------------------------


def test_the_account_page_is_for_signed_in_staff(client: Client, personas) -> None:
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    client.force_login(personas.light_agent)
    page = client.get("/inbox/").content.decode()
    assert 'href="/account/"' in page  # the header's user menu
    assert client.get("/account/").status_code == 200


def test_changing_the_password_needs_the_current_one(client: Client, personas) -> None:
    client.force_login(personas.agent)
    data = {
        "op": "password",
        "current_password": "not my password",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    response = client.post("/account/", data)
    assert response.status_code == 422 and "not correct" in response.content.decode()
    long = "x" * 30 + " a long phrase " + "y" * 40
    data.update(current_password=PASSWORD, new_password1=long, new_password2=long)
    assert client.post("/account/", data).status_code == 302
    assert client.get("/account/").status_code == 200  # still signed in here
    personas.agent.refresh_from_db()
    assert personas.agent.check_password(long)


@pytest.mark.parametrize("weak", ["short pw", "password1234", "1234567890123"])
def test_weak_passwords_are_refused(client: Client, personas, weak: str) -> None:
    client.force_login(personas.agent)
    data = {
        "op": "password",
        "current_password": PASSWORD,
        "new_password1": weak,
        "new_password2": weak,
    }
    assert client.post("/account/", data).status_code == 422
    personas.agent.refresh_from_db()
    assert personas.agent.check_password(PASSWORD)


def test_a_member_sets_language_time_zone_and_alert_emails(client: Client, personas) -> None:
    client.force_login(personas.agent)
    data = {"op": "profile", "language": "lv", "time_zone": "Europe/Riga"}
    response = client.post("/account/", data)
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "lv"
    personas.agent.refresh_from_db()
    assert personas.agent.language == "lv" and personas.agent.time_zone == "Europe/Riga"
    assert personas.agent.deadline_alert_emails is False
    bad = client.post("/account/", {**data, "time_zone": "Mars/Olympus"})
    assert bad.status_code == 422
