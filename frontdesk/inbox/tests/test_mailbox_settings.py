"""Settings → Mailboxes: administrators only; passwords stored encrypted, never echoed."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.core import crypto
from frontdesk.core.errors import Forbidden, Invalid
from frontdesk.inbox.mailboxes import (
    do_create_mailbox,
    do_rotate_webhook_secret,
    do_update_mailbox,
)
from frontdesk.inbox.models import Mailbox
from frontdesk.portal.tests.support import signed_in

pytestmark = pytest.mark.django_db

PASSWORD = "imap-Pa55word-never-shown"
SMTP_PASSWORD = "smtp-Pa55word-never-shown"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(**overrides) -> dict[str, str]:
    data = {
        "name": "Support",
        "address": "support@example.com",
        "display_name": "Kettle Corner Support",
        "team": "",
        "active": "on",
        "imap_host": "imap.example.com",
        "imap_port": "993",
        "imap_security": "ssl",
        "imap_username": "support",
        "imap_password": PASSWORD,
        "imap_folder": "INBOX",
        "poll_interval_seconds": "60",
        "start_from_now": "on",
        "smtp_host": "smtp.example.com",
        "smtp_port": "587",
        "smtp_security": "starttls",
        "smtp_username": "support",
        "smtp_password": SMTP_PASSWORD,
    }
    data.update(overrides)
    return data


def make_mailbox(personas, **overrides) -> Mailbox:
    values = {
        "name": "Support",
        "address": "support@example.com",
        "imap_host": "imap.example.com",
        "imap_username": "support",
        "imap_password": PASSWORD,
    }
    values.update(overrides)
    return do_create_mailbox(actor=personas.admin, **values)


def stored_columns(mailbox: Mailbox) -> str:
    """Every column of the row as the database holds it (what a dump would show)."""
    row = Mailbox.objects.filter(pk=mailbox.pk).values_list().get()
    return " ".join(str(value) for value in row)


# --- outsiders -------------------------------------------------------------------------

PAGES = ["/settings/mailboxes/", "/settings/mailboxes/new/"]


def mailbox_pages(mailbox: Mailbox) -> list[str]:
    return [*PAGES, f"/settings/mailboxes/{mailbox.pk}/"]


def test_it_sends_anonymous_visitors_to_sign_in(personas) -> None:
    mailbox = make_mailbox(personas)
    for path in mailbox_pages(mailbox):
        response = Client().get(path)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    response = Client().post(f"/settings/mailboxes/{mailbox.pk}/webhook-secret/")
    assert response.status_code == 302


def test_it_hides_mailboxes_from_agents_and_managers(personas) -> None:
    mailbox = make_mailbox(personas)
    before = stored_columns(mailbox)
    for user in (personas.agent, personas.light_agent, personas.manager):
        client = client_for(user)
        for path in mailbox_pages(mailbox):
            assert client.get(path).status_code == 404
        assert (
            client.post("/settings/mailboxes/new/", form_data(address="x@example.com")).status_code
            == 404
        )
        assert client.post(f"/settings/mailboxes/{mailbox.pk}/", form_data()).status_code == 404
        for action in ("test", "webhook-secret"):
            assert client.post(f"/settings/mailboxes/{mailbox.pk}/{action}/").status_code == 404
    assert stored_columns(mailbox) == before
    assert Mailbox.objects.count() == 1


def test_it_refuses_a_customer_session(personas) -> None:
    mailbox = make_mailbox(personas)
    client = signed_in(personas.customer)
    for path in mailbox_pages(mailbox):
        response = client.get(path)
        assert response.status_code in (302, 404)
        assert b"imap.example.com" not in response.content


def test_the_settings_nav_shows_mailboxes_to_admins_only(personas) -> None:
    html = client_for(personas.admin).get("/settings/macros/").content.decode()
    assert 'href="/settings/mailboxes/"' in html and 'href="/settings/quarantine/"' in html
    html = client_for(personas.manager).get("/settings/macros/").content.decode()
    assert "/settings/mailboxes/" not in html and "/settings/quarantine/" not in html


def test_the_services_refuse_everyone_but_admins(personas) -> None:
    with pytest.raises(Forbidden):
        do_create_mailbox(actor=personas.manager, name="X", address="m@example.com")
    mailbox = make_mailbox(personas)
    with pytest.raises(Forbidden):
        do_update_mailbox(actor=personas.agent, mailbox=mailbox, name="Mine")
    with pytest.raises(Forbidden):
        do_rotate_webhook_secret(actor=personas.manager, mailbox=mailbox)


# --- create and edit -------------------------------------------------------------------


def test_an_admin_creates_a_mailbox_with_encrypted_passwords(personas) -> None:
    client = client_for(personas.admin)
    response = client.post("/settings/mailboxes/new/", form_data(team=str(personas.team.pk)))
    mailbox = Mailbox.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/settings/mailboxes/{mailbox.pk}/"
    assert (mailbox.address, mailbox.team, mailbox.imap_host) == (
        "support@example.com",
        personas.team,
        "imap.example.com",
    )
    assert mailbox.imap_password == PASSWORD and mailbox.smtp_password == SMTP_PASSWORD
    raw = stored_columns(mailbox)
    assert PASSWORD not in raw and SMTP_PASSWORD not in raw
    assert len(mailbox.webhook_secret) >= 40 and mailbox.webhook_secret not in raw
    html = client.get(response["Location"]).content.decode()
    assert PASSWORD not in html and SMTP_PASSWORD not in html
    assert mailbox.imap_password_encrypted not in html
    assert mailbox.webhook_secret not in html
    assert "Leave blank to keep the current password" in html
    assert 'type="password"' in html


def test_the_list_shows_address_team_and_status(personas) -> None:
    make_mailbox(personas, team=personas.team)
    Mailbox.objects.update(last_error="could not log in to IMAP <b>x</b>")
    html = client_for(personas.admin).get("/settings/mailboxes/").content.decode()
    assert "support@example.com" in html and "Riga shop" in html
    assert "could not log in to IMAP &lt;b&gt;x&lt;/b&gt;" in html
    assert "style=" not in html


def test_a_blank_password_keeps_the_stored_one(personas) -> None:
    mailbox = make_mailbox(
        personas,
        smtp_host="smtp.example.com",
        smtp_username="support",
        smtp_password=SMTP_PASSWORD,
    )
    Mailbox.objects.filter(pk=mailbox.pk).update(imap_uidvalidity=7, imap_last_uid=42)
    response = client_for(personas.admin).post(
        f"/settings/mailboxes/{mailbox.pk}/",
        form_data(
            name="Help desk",
            imap_password="",
            smtp_password="",
            imap_port="143",
            imap_security="starttls",
        ),
    )
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.name == "Help desk" and mailbox.imap_port == 143
    assert mailbox.imap_password == PASSWORD and mailbox.smtp_password == SMTP_PASSWORD
    # Same server, user and folder: the position in the folder is kept.
    assert (mailbox.imap_uidvalidity, mailbox.imap_last_uid) == (7, 42)


def test_a_new_password_replaces_the_stored_one(personas) -> None:
    mailbox = make_mailbox(personas)
    do_update_mailbox(actor=personas.admin, mailbox=mailbox, imap_password="fresh one")
    mailbox.refresh_from_db()
    assert mailbox.imap_password == "fresh one"


@pytest.mark.parametrize(
    "change",
    [
        {"imap_host": "imap2.example.com", "imap_password": "pw2"},
        {"imap_username": "help", "imap_password": "pw2"},
        {"imap_folder": "Support"},
    ],
)
def test_changing_where_mail_is_read_starts_afresh(personas, change) -> None:
    mailbox = make_mailbox(personas)
    Mailbox.objects.filter(pk=mailbox.pk).update(imap_uidvalidity=7, imap_last_uid=42)
    mailbox.refresh_from_db()
    do_update_mailbox(actor=personas.admin, mailbox=mailbox, **change)
    mailbox.refresh_from_db()
    assert (mailbox.imap_uidvalidity, mailbox.imap_last_uid) == (None, 0)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"imap_host": "imap.attacker.example"}, "imap_password"),
        ({"imap_username": "someone-else"}, "imap_password"),
        ({"smtp_host": "smtp.attacker.example"}, "smtp_password"),
    ],
)
def test_a_stored_password_is_not_sent_to_a_new_server(personas, change, field) -> None:
    mailbox = make_mailbox(personas, smtp_username="support", smtp_password=SMTP_PASSWORD)
    with pytest.raises(Invalid) as error:
        do_update_mailbox(actor=personas.admin, mailbox=mailbox, **change)
    assert error.value.field == field
    mailbox.refresh_from_db()
    assert (mailbox.imap_host, mailbox.imap_username) == ("imap.example.com", "support")
    assert mailbox.smtp_host == ""


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"address": "not an address"}, "address", "Enter a valid email address."),
        ({"imap_port": "70000"}, "imap_port", "65535"),
        ({"smtp_port": "0"}, "smtp_port", "1"),
        ({"poll_interval_seconds": "5"}, "poll_interval_seconds", "10"),
        ({"imap_password": ""}, "imap_password", "the server, the user and the password"),
        ({"imap_host": ""}, "imap_host", "the server, the user and the password"),
        ({"imap_security": "none"}, "imap_security", "only for this machine"),
    ],
)
def test_invalid_input_is_refused_with_422_and_kept(personas, overrides, field, message) -> None:
    data = form_data(name="Typed name", **overrides)
    response = client_for(personas.admin).post("/settings/mailboxes/new/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}-error"' in html
    assert 'value="Typed name"' in html and 'value="Kettle Corner Support"' in html
    assert PASSWORD not in html and SMTP_PASSWORD not in html
    assert not Mailbox.objects.exists()


def test_an_address_is_unique_whatever_its_case(personas) -> None:
    make_mailbox(personas)
    response = client_for(personas.admin).post(
        "/settings/mailboxes/new/", form_data(address="Support@Example.COM")
    )
    assert response.status_code == 422
    assert "Another mailbox already uses this address." in response.content.decode()
    with pytest.raises(Invalid) as error:
        make_mailbox(personas, address="SUPPORT@example.com")
    assert error.value.field == "address"


def test_a_mailbox_without_imap_is_allowed(personas) -> None:
    mailbox = do_create_mailbox(actor=personas.admin, name="Webhook only", address="w@example.com")
    assert mailbox.imap_host == "" and mailbox.imap_password_encrypted == ""
    assert mailbox.webhook_secret


def test_an_edit_error_keeps_the_typed_values_and_the_row(personas) -> None:
    mailbox = make_mailbox(personas)
    response = client_for(personas.admin).post(
        f"/settings/mailboxes/{mailbox.pk}/", form_data(name="Renamed", imap_port="0")
    )
    assert response.status_code == 422
    assert 'value="Renamed"' in response.content.decode()
    mailbox.refresh_from_db()
    assert mailbox.name == "Support" and mailbox.imap_password == PASSWORD


# --- webhook secret --------------------------------------------------------------------


def test_rotating_the_webhook_secret_shows_it_once(personas) -> None:
    mailbox = make_mailbox(personas)
    old = mailbox.webhook_secret
    client = client_for(personas.admin)
    response = client.post(f"/settings/mailboxes/{mailbox.pk}/webhook-secret/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    mailbox.refresh_from_db()
    new = mailbox.webhook_secret
    assert new != old and crypto.decrypt(mailbox.webhook_secret_encrypted) == new
    html = response.content.decode()
    assert new in html and f"/inbox/email/webhook/{mailbox.pk}/" in html
    assert new not in client.get(f"/settings/mailboxes/{mailbox.pk}/").content.decode()
    assert new not in stored_columns(mailbox)


# --- test connection (real Dovecot) ----------------------------------------------------


def dovecot_mailbox(personas, dovecot, **overrides) -> Mailbox:
    imap = dovecot.settings
    values = {
        "imap_host": imap.host,
        "imap_port": imap.port,
        "imap_security": imap.security,
        "imap_username": imap.username,
        "imap_password": imap.password,
    }
    values.update(overrides)
    return make_mailbox(personas, **values)


def test_testing_the_connection_against_dovecot_succeeds(personas, dovecot) -> None:
    mailbox = dovecot_mailbox(personas, dovecot)
    response = client_for(personas.admin).post(f"/settings/mailboxes/{mailbox.pk}/test/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-connection="ok"' in html and "INBOX: 0 messages" in html
    assert dovecot.settings.password not in html


def test_a_wrong_password_gives_a_clear_message(personas, dovecot) -> None:
    mailbox = dovecot_mailbox(personas, dovecot, imap_password="wrong password")
    response = client_for(personas.admin).post(f"/settings/mailboxes/{mailbox.pk}/test/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-connection="failed"' in html
    assert "could not log in to IMAP" in html
    assert "Traceback" not in html and "wrong password" not in html


def test_an_unreachable_server_gives_a_clear_message(personas) -> None:
    from frontdesk.inbox.tests.mailservers import free_port

    mailbox = make_mailbox(
        personas, imap_host="127.0.0.1", imap_port=free_port(), imap_security="none"
    )
    response = client_for(personas.admin).post(f"/settings/mailboxes/{mailbox.pk}/test/")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-connection="failed"' in html
    assert "could not connect to IMAP" in html and "Traceback" not in html
