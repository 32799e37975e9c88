"""Two-factor sign-in (SECURITY.md 4, 9; X2): authenticator app, recovery codes, the rule
per role, the throttle, and a password reset that does not skip the second factor."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from frontdesk.accounts.choices import Role
from frontdesk.accounts.mfa import do_start_totp, pending_totp_secret
from frontdesk.accounts.models import RecoveryCode, TotpDevice, User, Workspace

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _enrol(client: Client, user: User) -> tuple[pyotp.TOTP, list[str]]:
    """Through the pages: start, read the key shown, type the app's code."""
    client.force_login(user)
    assert client.post("/account/two-factor/app/", {"op": "start"}).status_code == 302
    page = client.get("/account/two-factor/app/").content.decode()
    assert '<img class="qr" src="data:image/svg+xml' in page  # the QR code, drawn on the server
    key = re.search(r'<code class="totp-key">([A-Z2-7 ]+)</code>', page)
    assert key, page
    totp = pyotp.TOTP(key.group(1).replace(" ", ""))
    response = client.post("/account/two-factor/app/", {"op": "confirm", "code": totp.now()})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", response.content.decode())
    client.logout()
    return totp, codes


def _password_step(client: Client, username: str, password: str = PASSWORD) -> object:
    return client.post("/sign-in/", {"username": username, "password": password})


def _next_code(totp: pyotp.TOTP) -> str:
    """A code not used yet in this test: the next time step (one step of drift is allowed)."""
    return totp.at(time.time() + 30)


def test_enrolment_keeps_the_seed_encrypted_and_shows_ten_recovery_codes(
    client: Client, personas
) -> None:
    totp, codes = _enrol(client, personas.agent)
    assert len(codes) == 10 and len(set(codes)) == 10
    device = TotpDevice.objects.get(user=personas.agent)
    assert device.confirmed_at is not None
    assert totp.secret not in device.secret_encrypted
    stored = set(
        RecoveryCode.objects.filter(user=personas.agent).values_list("code_hash", flat=True)
    )
    assert not stored & set(codes)  # only hashes are kept


def test_a_wrong_code_does_not_turn_the_app_on(client: Client, personas) -> None:
    client.force_login(personas.agent)
    client.post("/account/two-factor/app/", {"op": "start"})
    secret = pending_totp_secret(personas.agent)
    assert secret
    wrong = str((int(pyotp.TOTP(secret).now()) + 1) % 1_000_000).zfill(6)
    response = client.post("/account/two-factor/app/", {"op": "confirm", "code": wrong})
    assert response.status_code == 422
    assert not TotpDevice.objects.filter(confirmed_at__isnull=False).exists()


def test_the_password_alone_does_not_sign_in_someone_with_a_second_factor(
    client: Client, personas
) -> None:
    totp, _codes = _enrol(client, personas.agent)
    response = _password_step(client, "anna")
    assert response["Location"] == "/sign-in/two-factor/"  # type: ignore[index]
    assert "_auth_user_id" not in client.session
    inbox = client.get("/inbox/")
    assert inbox.status_code == 302 and inbox["Location"].startswith("/sign-in/")

    wrong = client.post("/sign-in/two-factor/", {"code": "000000"})
    assert wrong.status_code == 422 and "_auth_user_id" not in client.session
    right = client.post("/sign-in/two-factor/", {"code": _next_code(totp)})
    assert right.status_code == 302 and right["Location"] == "/inbox/"
    assert client.get("/inbox/").status_code == 200


def test_a_code_works_only_once(client: Client, personas) -> None:
    totp, _codes = _enrol(client, personas.agent)
    code = _next_code(totp)
    _password_step(client, "anna")
    assert client.post("/sign-in/two-factor/", {"code": code}).status_code == 302
    client.logout()
    _password_step(client, "anna")
    assert client.post("/sign-in/two-factor/", {"code": code}).status_code == 422


def test_a_recovery_code_works_once(client: Client, personas) -> None:
    _totp, codes = _enrol(client, personas.agent)
    _password_step(client, "anna")
    assert client.post("/sign-in/two-factor/", {"code": codes[3].upper()}).status_code == 302
    client.logout()
    _password_step(client, "anna")
    assert client.post("/sign-in/two-factor/", {"code": codes[3]}).status_code == 422
    assert client.post("/sign-in/two-factor/", {"code": codes[4]}).status_code == 302


def test_five_wrong_codes_make_the_member_wait(client: Client, personas) -> None:
    totp, _codes = _enrol(client, personas.agent)
    _password_step(client, "anna")
    for _i in range(5):
        assert client.post("/sign-in/two-factor/", {"code": "123456x"}).status_code == 422
    blocked = client.post("/sign-in/two-factor/", {"code": _next_code(totp)})
    assert blocked.status_code == 429 and "_auth_user_id" not in client.session


def test_the_second_step_expires(client: Client, personas, monkeypatch) -> None:
    totp, _codes = _enrol(client, personas.agent)
    _password_step(client, "anna")
    later = time.time() + 6 * 60
    monkeypatch.setattr("frontdesk.accounts.views.sign_in.time.time", lambda: later)
    response = client.post("/sign-in/two-factor/", {"code": _next_code(totp)})
    assert response["Location"] == "/sign-in/" and "_auth_user_id" not in client.session


def test_a_password_reset_does_not_skip_the_second_factor(client: Client, personas) -> None:
    _enrol(client, personas.agent)
    uid = urlsafe_base64_encode(force_bytes(personas.agent.pk))
    token = default_token_generator.make_token(User.objects.get(pk=personas.agent.pk))
    new = "a brand new passphrase"
    response = client.post(
        f"/sign-in/reset/{uid}/{token}/", {"new_password1": new, "new_password2": new}
    )
    assert response["Location"] == "/sign-in/" and "_auth_user_id" not in client.session
    assert _password_step(client, "anna", new)["Location"] == "/sign-in/two-factor/"  # type: ignore[index]
    assert "_auth_user_id" not in client.session


def test_removing_the_app_brings_back_the_password_only_sign_in(client: Client, personas) -> None:
    _enrol(client, personas.agent)
    client.force_login(personas.agent)
    assert client.post("/account/two-factor/app/remove/").status_code == 302
    assert not RecoveryCode.objects.filter(user=personas.agent).exists()
    client.logout()
    assert _password_step(client, "anna")["Location"] == "/inbox/"  # type: ignore[index]


# --- the rule per role ------------------------------------------------------------------


def _require(*roles: str) -> None:
    workspace = Workspace.current(fresh=True)
    workspace.two_factor_roles = list(roles)
    workspace.save()


def test_a_required_role_without_a_factor_can_only_set_one_up(client: Client, personas) -> None:
    _require(Role.AGENT)
    assert _password_step(client, "anna")["Location"] == "/inbox/"  # type: ignore[index]
    for path in ("/inbox/", "/account/", "/sla/alerts/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/account/two-factor/"
    htmx = client.get("/inbox/", headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == "/account/two-factor/"
    page = client.get("/account/two-factor/").content.decode()
    assert "must sign in with a second factor" in page

    totp = pyotp.TOTP(do_start_totp(user=personas.agent))
    client.post("/account/two-factor/app/", {"op": "confirm", "code": totp.now()})
    assert client.get("/inbox/").status_code == 200

    # other roles are not affected
    other = Client()
    assert _password_step(other, "maria")["Location"] == "/inbox/"  # type: ignore[index]
    assert other.get("/inbox/").status_code == 200


def test_the_rule_also_reaches_sessions_already_open(client: Client, personas) -> None:
    client.force_login(personas.manager)
    assert client.get("/inbox/").status_code == 200
    _require(Role.MANAGER)
    assert client.get("/inbox/")["Location"] == "/account/two-factor/"


def test_only_admins_choose_the_rule(client: Client, personas) -> None:
    url = "/settings/sign-in-security/"
    assert client.get(url)["Location"].startswith("/sign-in/")
    for user in (personas.manager, personas.agent):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"roles": [Role.AGENT]}).status_code == 404
    assert Workspace.current(fresh=True).two_factor_roles == []
    client.force_login(personas.admin)
    assert client.get(url).status_code == 200
    assert client.post(url, {"roles": [Role.LIGHT_AGENT, Role.MANAGER]}).status_code == 302
    assert Workspace.current(fresh=True).two_factor_roles == [Role.MANAGER, Role.LIGHT_AGENT]
    assert client.post(url, {"roles": ["owner"]}).status_code == 422


def test_outsiders_cannot_reach_the_two_factor_pages(client: Client, personas) -> None:
    for path in ("/account/two-factor/", "/account/two-factor/app/"):
        assert client.get(path)["Location"].startswith("/sign-in/")
    for path in (
        "/account/two-factor/app/remove/",
        "/account/two-factor/recovery-codes/",
        "/account/two-factor/passkeys/options/",
    ):
        assert client.post(path)["Location"].startswith("/sign-in/")
    # no password step passed: the second step sends back to the start
    assert client.get("/sign-in/two-factor/")["Location"] == "/sign-in/"
    options = client.post("/sign-in/two-factor/passkey/options/")
    assert options.status_code == 401


def test_a_member_removes_only_their_own_passkeys(client: Client, personas) -> None:
    from frontdesk.accounts.models import Passkey

    key = Passkey.objects.create(
        user=personas.other_agent, name="Oskar's key", credential_id="abc", public_key=b"x"
    )
    client.force_login(personas.agent)
    assert client.post(f"/account/two-factor/passkeys/{key.pk}/remove/").status_code == 302
    assert Passkey.objects.filter(pk=key.pk).exists()
