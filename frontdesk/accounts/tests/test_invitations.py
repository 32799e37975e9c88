"""Invitations: the new member chooses their own password from a single-use link that
expires in 7 days and dies when the inviter loses the right (SECURITY.md 8, 9)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from frontdesk.accounts.choices import Role
from frontdesk.accounts.invitations import do_invite_member
from frontdesk.accounts.models import Invitation, User, hash_token
from frontdesk.accounts.services import do_update_staff_user

NEW_PASSWORD = "a long enough passphrase"
BASE = "https://help.example.com"


@pytest.fixture(autouse=True)
def _public_address(settings) -> None:
    settings.FRONTDESK_BASE_URL = BASE


def _invite(client: Client, inviter: User, **extra: str) -> tuple[str, str]:
    client.force_login(inviter)
    data = {"username": "peter", "email": "peter@example.com", "role": Role.AGENT, **extra}
    response = client.post("/settings/members/new/", data)
    assert response.status_code == 200, response.content.decode()[:500]
    page = response.content.decode()
    link = re.search(r'value="(https://help\.example\.com/invitation/[\w-]+/)"', page)
    assert link, page
    client.logout()
    return link.group(1), page


def _accept(client: Client, link: str, password: str = NEW_PASSWORD) -> object:
    path = link.removeprefix(BASE)
    return client.post(path, {"new_password1": password, "new_password2": password})


def test_the_invitee_gets_the_link_by_email_and_sets_their_own_password(
    client: Client, personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        link, page = _invite(client, personas.manager)
    assert "shown only now" in page
    assert [m.to for m in mail.outbox] == [["peter@example.com"]]
    assert link in mail.outbox[0].body and "peter" in mail.outbox[0].body
    # only the hash is stored
    raw = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(raw) and raw not in invitation.token_hash
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)

    form = client.get(link.removeprefix(BASE))
    assert form.status_code == 200 and "peter" in form.content.decode()
    assert _accept(client, link)["Location"] == "/sign-in/"  # type: ignore[index]
    peter = User.objects.get(username="peter")
    assert peter.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session  # signs in normally next

    # single use
    assert client.get(link.removeprefix(BASE)).status_code == 410
    assert _accept(client, link, "another long passphrase").status_code == 410  # type: ignore[attr-defined]
    peter.refresh_from_db()
    assert peter.check_password(NEW_PASSWORD)
    response = client.post("/sign-in/", {"username": "peter", "password": NEW_PASSWORD})
    assert response.status_code == 302 and client.get("/inbox/").status_code == 200


def test_the_password_policy_applies(client: Client, personas) -> None:
    link, _page = _invite(client, personas.manager)
    for weak in ("short", "password1234", "peter@example.com"):
        response = _accept(client, link, weak)
        assert response.status_code == 422  # type: ignore[attr-defined]
    long = "w" * 40 + " correct staple " + "z" * 40  # 64+ characters are fine
    assert _accept(client, link, long).status_code == 302  # type: ignore[attr-defined]
    assert User.objects.get(username="peter").check_password(long)


def test_an_expired_invitation_fails(client: Client, personas) -> None:
    link, _page = _invite(client, personas.manager)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(link.removeprefix(BASE)).status_code == 410
    assert _accept(client, link).status_code == 410  # type: ignore[attr-defined]
    assert not User.objects.get(username="peter").has_usable_password()


@pytest.mark.parametrize("change", ["switched off", "demoted"])
def test_the_link_dies_when_the_inviter_loses_the_right(client: Client, personas, change) -> None:
    link, _page = _invite(client, personas.manager)
    do_update_staff_user(
        actor=personas.admin,
        user=personas.manager,
        role=Role.AGENT if change == "demoted" else Role.MANAGER,
        is_active=change != "switched off",
    )
    assert client.get(link.removeprefix(BASE)).status_code == 410
    assert _accept(client, link).status_code == 410  # type: ignore[attr-defined]
    assert not User.objects.get(username="peter").has_usable_password()


def test_an_admin_invitation_dies_when_its_inviter_is_no_longer_admin(personas) -> None:
    from frontdesk.accounts.invitations import open_invitation

    _user, link = do_invite_member(
        actor=personas.admin, username="ada", email="ada@example.com", role=Role.ADMIN
    )
    raw = link.rstrip("/").rsplit("/", 1)[1]
    assert open_invitation(raw) is not None
    User.objects.filter(pk=personas.admin.pk).update(role=Role.MANAGER, is_superuser=False)
    assert open_invitation(raw) is None  # a manager may not make administrators


def test_a_new_invitation_replaces_the_old_one(client: Client, personas) -> None:
    old, _page = _invite(client, personas.manager)
    peter = User.objects.get(username="peter")
    client.force_login(personas.manager)
    response = client.post(f"/settings/members/{peter.pk}/invite/")
    new = re.search(
        r'value="(https://help\.example\.com/invitation/[\w-]+/)"', response.content.decode()
    )
    assert new and new.group(1) != old
    client.logout()
    assert client.get(old.removeprefix(BASE)).status_code == 410
    assert _accept(client, new.group(1)).status_code == 302  # type: ignore[attr-defined]


def test_outsiders_cannot_invite(client: Client, personas) -> None:
    data = {"username": "eve", "email": "eve@example.com", "role": Role.AGENT}
    response = client.post("/settings/members/new/", data)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    for user in (personas.agent, personas.light_agent):
        client.force_login(user)
        assert client.post("/settings/members/new/", data).status_code == 404
        assert (
            client.post(f"/settings/members/{personas.other_agent.pk}/invite/").status_code == 404
        )
    assert not User.objects.filter(username="eve").exists()
    assert client.get("/invitation/not-a-real-token/").status_code == 410


def test_a_member_with_a_password_gets_no_invitation(client: Client, personas) -> None:
    client.force_login(personas.manager)
    response = client.post(f"/settings/members/{personas.agent.pk}/invite/")
    assert response.status_code == 302
    assert not Invitation.objects.exists()


def test_the_admin_site_sets_no_passwords_and_signs_in_through_the_sign_in_page(
    client: Client, personas
) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    client.force_login(personas.admin)
    url = f"/admin/accounts/user/{personas.agent.pk}/password/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"password1": "x" * 20, "password2": "x" * 20}).status_code == 404
    assert client.get("/admin/accounts/user/add/").status_code == 403
    page = client.get(f"/admin/accounts/user/{personas.agent.pk}/change/").content.decode()
    assert "pbkdf2" not in page and "md5$" not in page
