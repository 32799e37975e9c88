"""The email channel in a real browser: an admin connects a mailbox to a real Dovecot,
mail is polled into a ticket, the agent sees the quote hidden and a failed delivery,
and a quarantined mail is re-processed from its screen."""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from playwright.sync_api import expect

from frontdesk.inbox.email import routing
from frontdesk.inbox.email.polling import poll_mailbox
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.inbox.tests.mailservers import DovecotServer
from frontdesk.tickets.choices import DeliveryStatus
from frontdesk.tickets.models import Message, Ticket


@pytest.fixture(scope="module")
def dovecot_server():
    with DovecotServer() as server:
        yield server


def test_it_connects_a_mailbox_and_shows_mail_as_agents_need_it(
    personas, live, open_page, ui, dovecot_server
):
    user = dovecot_server.add_random_user()
    admin = open_page()
    ui.sign_in_staff(admin, "admin")
    admin.goto("/settings/mailboxes/new/")
    admin.locator("#id_name").fill("Support")
    admin.locator("#id_address").fill("support@balticceramics.example")
    admin.locator("#id_team").select_option(label="Riga shop")
    admin.locator("#id_imap_host").fill(user.host)
    admin.locator("#id_imap_port").fill(str(user.port))
    admin.locator("#id_imap_security").select_option("none")
    admin.locator("#id_imap_username").fill(user.username)
    admin.locator("#id_imap_password").fill(user.password)
    admin.get_by_role("button", name="Save").click()
    admin.wait_for_url(re.compile(r"/settings/mailboxes/"))
    mailbox = Mailbox.objects.get(address="support@balticceramics.example")
    assert user.password not in mailbox.imap_password_encrypted

    admin.goto(f"/settings/mailboxes/{mailbox.pk}/")
    admin.get_by_role("button", name="Test connection").click()
    expect(admin.locator("body")).to_contain_text("INBOX")
    ui.shot(admin, "email-mailbox-settings")

    # Mail arrives: the first poll takes the position, the next one reads the new mail.
    live.call(poll_mailbox, Mailbox.objects.get(pk=mailbox.pk))
    first = EmailMessage()
    first["From"] = "Līga Ozola <liga@example.lv>"
    first["To"] = "support@balticceramics.example"
    first["Subject"] = "Saplīsusi krūze"
    first["Message-ID"] = make_msgid("liga", domain="example.lv")
    first.set_content(
        "Labdien! Krūze atnāca saplīsusi, lūdzu atsūtiet jaunu.\n\n"
        "Pirmd., 23. nov. Baltic Ceramics rakstīja:\n> Paldies par pasūtījumu!\n"
    )
    dovecot_server.deliver(user.username, first.as_bytes())
    Mailbox.objects.filter(pk=mailbox.pk).update(poll_lease_until=None)
    report = live.call(poll_mailbox, Mailbox.objects.get(pk=mailbox.pk))
    assert report.outcomes == {"ticket": 1}, report
    ticket = Ticket.objects.get(subject="Saplīsusi krūze")
    assert ticket.customer.language == "lv"
    Message.objects.create(
        ticket=ticket,
        author_type="agent",
        author_user=personas.agent,
        channel="email",
        body="Sūtām jaunu krūzi šodien.",
        delivery_status=DeliveryStatus.FAILED,
        delivery_attempts=99,
        delivery_error="550 5.1.1 No such user",
    )

    agent = open_page()
    ui.sign_in_staff(agent, "anna")
    agent.goto(f"/tickets/{ticket.pk}/")
    body = agent.locator(".message-body").first
    expect(body).to_have_text(re.compile(r"^Labdien! Krūze atnāca saplīsusi"))
    expect(body).not_to_contain_text("Paldies par pasūtījumu")
    quoted = agent.locator("details.quoted-text")
    expect(quoted.locator("pre")).not_to_be_visible()
    quoted.locator("summary").click()
    expect(quoted.locator("pre")).to_contain_text("Paldies par pasūtījumu")
    expect(agent.locator("[data-delivery=failed]")).to_contain_text("No such user")
    ui.shot(agent, "email-ticket-quote-and-delivery")

    agent.get_by_role("link", name="Original email").click()
    expect(agent.locator("body")).to_contain_text("liga@example.lv")
    ui.shot(agent, "email-original")


def test_it_lets_an_admin_reprocess_a_quarantined_mail(personas, live, open_page, ui, monkeypatch):
    real_parse = routing.parse_email

    def crashing(raw: bytes):
        raise RuntimeError("parser bug on this mail")

    monkeypatch.setattr(routing, "parse_email", crashing)
    result = live.call(do_ingest_email, raw_email(subject="Stuck in quarantine"))
    assert result.outcome == "quarantined"
    monkeypatch.setattr(routing, "parse_email", real_parse)

    admin = open_page()
    ui.sign_in_staff(admin, "admin")
    admin.goto("/settings/quarantine/")
    expect(admin.locator("body")).to_contain_text("parser bug on this mail")
    admin.get_by_role("link", name=re.compile("Stuck in quarantine|ayse@example.com")).first.click()
    ui.shot(admin, "email-quarantine-detail")
    admin.get_by_role("button", name="Re-process").click()
    expect(admin.locator("body")).to_contain_text(re.compile(r"ticket FD-"))
    assert Ticket.objects.filter(subject="Stuck in quarantine").count() == 1
