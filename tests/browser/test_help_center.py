"""A customer on the help center in a real browser: request, link sign-in, conversation."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from frontdesk.customers.models import Customer
from frontdesk.tickets.choices import AuthorType, MessageKind
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.services import do_add_message


def test_it_takes_a_customer_from_request_to_answered_conversation(
    personas, live, open_page, ui, mailoutbox
):
    page = open_page()
    page.goto("/")
    page.locator("main").get_by_role("link", name="Submit a request").first.click()
    page.wait_for_url("**/requests/new/")
    page.fill("#id_name", "Līga Ozola")
    page.fill("#id_email", "liga.ozola@example.lv")
    page.fill("#id_subject", "Parcel still not here")
    page.fill("#id_message", "I ordered a teapot on Monday and it has not arrived.")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/requests/new/thanks/")
    reference = page.locator(".reference").inner_text().strip()
    ticket = Ticket.objects.get(reference=reference)
    assert ticket.customer.email == "liga.ozola@example.lv"
    assert ticket.subject == "Parcel still not here"
    acks = [m for m in mailoutbox if m.to == ["liga.ozola@example.lv"]]
    assert len(acks) == 1
    assert reference in acks[0].subject + acks[0].body

    # Sign in with the emailed link and find the request.
    ui.sign_in_customer(page, "liga.ozola@example.lv")
    expect(page.locator("h1")).to_have_text("My requests")
    page.get_by_role("link", name=re.compile("Parcel still not here")).click()
    page.wait_for_url(f"**/requests/{reference}/")

    # The team answers, and adds an internal note the customer must never see.
    live.call(
        do_add_message,
        actor=personas.agent,
        ticket=ticket,
        body="Sorry for the wait! The courier has it; it arrives on Thursday.",
    )
    live.call(
        do_add_message,
        actor=personas.agent,
        ticket=ticket,
        body="SECRET: courier lost it once already.",
        internal=True,
    )
    page.reload()
    conversation = page.locator(".conversation")
    expect(conversation).to_contain_text("The courier has it; it arrives on Thursday.")
    expect(conversation).not_to_contain_text("SECRET")
    expect(conversation.locator(".bubble.from-team")).to_have_count(1)

    # The customer answers; it is stored on the ticket as the customer's reply.
    page.fill("#id_message", "Thank you, Thursday is fine.")
    page.locator("section[aria-labelledby=reply-title] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/requests/{reference}/#message-\d+$"))
    expect(conversation.locator(".bubble.from-you").last).to_contain_text(
        "Thank you, Thursday is fine."
    )
    answer = Message.objects.filter(ticket=ticket).order_by("-pk").first()
    assert answer is not None
    assert answer.body == "Thank you, Thursday is fine."
    assert answer.author_type == AuthorType.CUSTOMER
    assert answer.author_customer == Customer.objects.get(email="liga.ozola@example.lv")
    assert answer.kind == MessageKind.REPLY
    page.watch.assert_clean()


def test_it_speaks_turkish_on_the_help_center_and_the_staff_pages(personas, open_page, ui):
    page = open_page()
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("How can")
    # The language selector in the page header.
    page.locator("#lang-select").first.select_option("tr")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    main = page.locator("main")
    expect(main).to_contain_text("Yardım merkezi")
    expect(main).to_contain_text("Bize ulaşın")
    expect(page.locator("header")).to_contain_text("Giriş yap")

    page.goto("/requests/new/")
    expect(page.locator("main form button[type=submit]")).to_have_text("Talebi gönder")

    # The choice sticks (django_language cookie) on the staff side too.
    page.goto("/sign-in/")
    expect(page.locator("h1")).to_have_text("Personel girişi")
    expect(page.locator("label[for=id_username]")).to_have_text("Kullanıcı adı")
    expect(page.locator("label[for=id_password]")).to_have_text("Parola")
    ui.sign_in_staff(page, "anna")
    expect(page.locator("h1")).to_have_text("Gelen kutusu")
    expect(page.locator("[data-shortcuts-open]")).to_contain_text("Kısayollar")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    page.watch.assert_clean()
