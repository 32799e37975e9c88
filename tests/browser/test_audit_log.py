"""The audit log in a real browser: a failed sign-in shows up for the administrator."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_an_admin_finds_a_failed_sign_in_in_the_audit_log(personas, live, open_page, ui):
    intruder = open_page()
    intruder.goto("/sign-in/")
    intruder.fill("#id_username", "anna")
    intruder.fill("#id_password", "guessing\x1b[31m")
    intruder.locator("form[action='/sign-in/'] button[type=submit]").click()
    expect(intruder.locator(".form-error")).to_be_visible()

    for viewport in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        admin = open_page(viewport=viewport)
        ui.sign_in_staff(admin, "admin")
        admin.goto("/settings/")
        admin.get_by_role("link", name="Audit log").click()
        admin.wait_for_url(re.compile(r"/settings/audit-log/$"))
        admin.fill("#id_action", "auth.sign_in_failed")
        admin.get_by_role("button", name="Filter").click()
        row = admin.locator("tbody tr").first
        expect(row).to_contain_text("auth.sign_in_failed")
        expect(row).to_contain_text("anna")
        expect(admin.locator("tbody tr")).to_have_count(1)
        ui.shot(admin, "settings-audit-log")
