"""Blocked and flagged attachments on the ticket page, and an administrator's release,
in a real browser (tickets/partials/ticket_attachments.html)."""

from __future__ import annotations

from playwright.sync_api import expect

from frontdesk.tickets.choices import Channel
from frontdesk.tickets.services import NewAttachment, do_create_ticket

PROGRAM = b"MZ\x90\x00" + b"\x00" * 60


def test_an_admin_releases_an_emailed_program(personas, live, open_page, ui, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = live.call(
        do_create_ticket,
        actor=personas.customer,
        customer=personas.customer,
        subject="Invoice attached",
        body="Please see the invoice.",
        team=personas.team,
        channel=Channel.EMAIL,
        acknowledge=False,
        attachments=[
            NewAttachment("invoice.pdf", PROGRAM),
            NewAttachment("notes.txt", b"Order 1234"),
        ],
    )
    page = open_page()
    ui.sign_in_staff(page, "admin")
    page.goto(f"/tickets/{ticket.pk}/")
    blocked = page.locator(".attachment.is-blocked")
    expect(blocked).to_contain_text("invoice.pdf")
    expect(blocked).to_contain_text("Files of this type are not accepted")
    expect(blocked).to_contain_text("Extension does not match content")
    expect(blocked.locator("a")).to_have_count(0)  # no download link
    expect(page.locator(".attachment a", has_text="notes.txt")).to_be_visible()
    ui.shot(page, "ticket-attachment-blocked")

    blocked.get_by_role("button", name="Release").click()
    released = page.locator(".attachment", has_text="invoice.pdf")
    expect(released).to_contain_text("Released by admin")
    expect(released.locator("a", has_text="invoice.pdf")).to_be_visible()
    expect(page.locator(".history")).to_contain_text("released")
    ui.shot(page, "ticket-attachment-released")
