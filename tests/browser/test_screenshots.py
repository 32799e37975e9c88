"""Screenshots of the main screens at desktop and phone size, with realistic data.

They land in test-artifacts/screenshots/ for a person to look at; the test itself only
checks that each screen rendered and nothing overflows the page sideways.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from frontdesk.accounts.services import do_update_workspace
from frontdesk.customers.services import do_create_customer
from frontdesk.tickets.choices import Priority, Status
from frontdesk.tickets.services import (
    do_add_message,
    do_create_ticket,
    do_escalate_ticket,
    do_update_ticket,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def seed(p) -> int:
    """A small shop's morning: tickets in five languages and several states."""
    now = timezone.now()
    do_update_workspace(
        actor=p.admin,
        name="Baltic Ceramics",
        tagline="Hand-made cups, plates and teapots from Riga and Ljubljana.",
        support_email="help@balticceramics.example",
        support_phone="+371 6700 0000",
        address="Brīvības iela 10, Riga",
        opening_hours="Mon–Fri 9:00–18:00\nSat 10:00–14:00",
        about="A family business since 1998. Every piece is made and packed by hand.",
    )
    p.branch.address, p.branch.phone = "Brīvības iela 10", "+371 6700 0001"
    p.branch.opening_hours = "Mon–Fri 9:00–18:00"
    p.branch.save()
    liga = do_create_customer(email="liga@example.lv", name="Līga Ozola", language="lv")
    zuzana = do_create_customer(email="zuzana@example.sk", name="Zuzana Kováčová", language="sk")
    tom = do_create_customer(email="tom@example.com", name="Tom Baker", language="en")

    cup = do_create_ticket(
        actor=p.customer,
        customer=p.customer,
        subject="Kırık fincan geldi",
        body="Merhaba, siparişimdeki (#10422) fincanlardan biri kırık geldi. Fotoğrafı ekledim.",
        team=p.team,
        now=now - timedelta(hours=3),
    )
    do_add_message(
        actor=p.agent,
        ticket=cup,
        body="Merhaba Ayşe, çok üzgünüz! Yeni bir fincanı bugün kargoya veriyoruz.",
        now=now - timedelta(hours=2),
    )
    do_add_message(
        actor=p.agent,
        ticket=cup,
        body="Replacement booked with the warehouse, tracking follows tomorrow.",
        internal=True,
        now=now - timedelta(hours=2),
    )
    do_add_message(
        actor=p.customer,
        ticket=cup,
        body="Teşekkürler! Kargo takip numarasını da gönderebilir misiniz?",
        now=now - timedelta(minutes=20),
    )
    do_update_ticket(actor=p.agent, ticket=cup, assignee=p.agent, tags=["breakage", "replacement"])

    shoes = do_create_ticket(
        actor=p.other_customer,
        customer=p.other_customer,
        subject="Napačna barva krožnikov",
        body="Naročila sem modre krožnike, prispeli so zeleni.",
        team=p.other_team,
        priority=Priority.HIGH,
        now=now - timedelta(days=1),
    )
    do_update_ticket(actor=p.manager, ticket=shoes, assignee=p.other_agent)
    parcel = do_create_ticket(
        actor=liga,
        customer=liga,
        subject="Pasūtījums vēl nav atnācis",
        body="Labdien! Pasūtīju tējkannu pirms nedēļas, bet tā vēl nav atnākusi.",
        team=p.team,
        now=now - timedelta(days=2),
    )
    do_update_ticket(actor=p.agent, ticket=parcel, assignee=p.agent, status=Status.PENDING)
    claim = do_create_ticket(
        actor=zuzana,
        customer=zuzana,
        subject="Reklamácia – chýbajúci diel súpravy",
        body="V balíku chýbala pokrievka od čajníka.",
        team=p.team,
        priority=Priority.URGENT,
        now=now - timedelta(hours=6),
    )
    do_escalate_ticket(actor=p.agent, ticket=claim, reason="Third complaint this month.")
    refund = do_create_ticket(
        actor=tom,
        customer=tom,
        subject=(
            "Order 10423: the parcel was delivered to the wrong address and the courier "
            "says somebody signed for it, so I would like a refund or a new parcel please"
        ),
        body="Hello, the tracking page says delivered but nothing arrived here.",
        team=p.team,
        now=now - timedelta(days=3),
    )
    do_add_message(actor=p.agent, ticket=refund, body="Refund sent today, sorry Tom!")
    do_update_ticket(actor=p.agent, ticket=refund, status=Status.SOLVED)
    do_create_ticket(
        actor=tom,
        customer=tom,
        subject="Do you ship to Norway?",
        body="And how long does it take?",
        now=now - timedelta(minutes=5),
    )
    return cup.pk


def _no_sideways_scroll(page, where: str) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where} scrolls sideways by {overflow}px"


def test_it_takes_screenshots_of_the_main_screens(personas, live, open_page, ui):
    cup_id = live.call(seed, personas)
    sizes = [DESKTOP, PHONE]

    staff = open_page()
    ui.sign_in_staff(staff, "maria")
    for size in sizes:
        staff.set_viewport_size(size)
        staff.goto("/inbox/?view=all")
        expect(staff.locator("#live-status")).to_have_text("Live")
        expect(staff.locator("#inbox-list tr.inbox-row")).to_have_count(6)
        ui.shot(staff, "inbox")
        staff.goto(f"/tickets/{cup_id}/")
        expect(staff.locator("h1.ticket-subject")).to_have_text("Kırık fincan geldi")
        ui.shot(staff, "ticket")
        _no_sideways_scroll(staff, "the ticket page")

    customer = open_page()
    for size in sizes:
        customer.set_viewport_size(size)
        customer.goto("/")
        expect(customer.locator("h1")).to_contain_text("Baltic Ceramics")
        ui.shot(customer, "help-center-home")
        _no_sideways_scroll(customer, "the help-center home")
        customer.goto("/requests/new/")
        expect(customer.locator("#id_subject")).to_be_visible()
        ui.shot(customer, "request-form")
        _no_sideways_scroll(customer, "the request form")

    ui.sign_in_customer(customer, "ayse@example.com")
    for size in sizes:
        customer.set_viewport_size(size)
        customer.goto("/requests/")
        customer.get_by_role("link", name="Kırık fincan geldi").click()
        expect(customer.locator(".bubble.from-team")).to_have_count(1)
        ui.shot(customer, "request-detail")
        _no_sideways_scroll(customer, "the request page")
    staff.watch.assert_clean()
    customer.watch.assert_clean()


def test_it_fits_the_inbox_on_a_phone(personas, open_page, ui):
    page = open_page(viewport=PHONE)
    ui.sign_in_staff(page, "anna")
    expect(page.locator("h1")).to_have_text("Inbox")
    _no_sideways_scroll(page, "the inbox")
