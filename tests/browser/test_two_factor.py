"""Two-factor sign-in in a real browser: the authenticator-app set-up page, and a passkey
registered on the account page and used to sign in (Chromium's virtual authenticator)."""

from __future__ import annotations

import re

import pyotp
from playwright.sync_api import expect

from frontdesk.accounts.models import Passkey, TotpDevice


def test_an_agent_sets_up_an_authenticator_app(personas, live, open_page, ui):
    page = open_page()
    ui.sign_in_staff(page, "anna")
    page.locator("header a.who").click()
    page.wait_for_url(re.compile(r"/account/$"))
    page.get_by_role("link", name="Set up an authenticator app").click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("figure.qr-code img.qr")).to_be_visible()
    ui.shot(page, "totp-setup")
    key = page.locator("code.totp-key").inner_text().replace(" ", "")
    page.fill("input[name=code]", pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("ul.recovery-codes li")).to_have_count(10)
    ui.shot(page, "recovery-codes")
    assert TotpDevice.objects.get(user=personas.agent).confirmed_at is not None


def test_a_manager_registers_a_passkey_and_signs_in_with_it(
    personas, live, open_page, ui, settings
):
    # WebAuthn needs a host name (not an IP) as the relying party: use localhost.
    origin = live.url.replace("127.0.0.1", "localhost")
    settings.FRONTDESK_BASE_URL = origin
    page = open_page()
    page.watch.host = "localhost"
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto(origin + "/sign-in/")
    page.fill("#id_username", "maria")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("form[action='/sign-in/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/inbox/"))

    page.goto(origin + "/account/")
    page.fill("#passkey-name", "Laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert Passkey.objects.get(user=personas.manager).name == "Laptop"
    page.goto(origin + "/account/")
    expect(page.locator(".passkey-list")).to_contain_text("Laptop")
    ui.shot(page, "account-passkey")

    page.locator("header form[action='/sign-out/'] button").click()
    page.wait_for_url(re.compile(r"/sign-in/"))
    page.fill("#id_username", "maria")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("form[action='/sign-in/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/sign-in/two-factor/$"))
    ui.shot(page, "sign-in-second-step")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(re.compile(r"/inbox/"))
    assert Passkey.objects.get(user=personas.manager).last_used_at is not None
