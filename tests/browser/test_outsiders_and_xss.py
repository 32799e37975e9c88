"""What outsiders get (404) and what hostile text does (nothing), in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket

XSS_SUBJECT = 'Refund <script>window.__xss=1</script> <img src=x onerror="window.__xss=1">'
XSS_BODY = (
    "My order <script>window.__xss=1</script> never came.\n"
    '<img src=x onerror="window.__xss=1"> <b>bold?</b>'
)


def test_it_answers_404_to_outsiders(personas, live, open_page, ui):
    ticket = live.call(
        do_create_ticket,
        actor=personas.customer,
        customer=personas.customer,
        subject="Ayşe's private matter",
        body="Only Ayşe and the Riga team may read this.",
        team=personas.team,
    )

    # Another customer, signed in through the emailed link, cannot open it.
    other = open_page()
    other.watch.allow(r"status of 404")
    ui.sign_in_customer(other, "janez@example.si")
    expect(other.locator("main")).not_to_contain_text("private matter")
    response = other.goto(f"/requests/{ticket.reference}/")
    assert response is not None and response.status == 404
    assert "private matter" not in other.content()

    # An agent of another team cannot open it either, nor see it in the inbox.
    oskar = open_page()
    oskar.watch.allow(r"status of 404")
    ui.sign_in_staff(oskar, "oskar")
    oskar.goto("/inbox/?view=all")
    expect(oskar.locator("#inbox-list")).not_to_contain_text("private matter")
    response = oskar.goto(f"/tickets/{ticket.pk}/")
    assert response is not None and response.status == 404
    assert "private matter" not in oskar.content()
    other.watch.assert_clean()
    oskar.watch.assert_clean()


def _assert_inert(page, where: str) -> None:
    assert page.evaluate("window.__xss") is None, f"script ran on {where}"
    assert page.locator("main img[src=x]").count() == 0, f"an <img> was injected on {where}"


def test_it_shows_hostile_text_literally_everywhere(personas, live, open_page, ui):
    # The customer writes through the help-center form.
    customer = open_page()
    customer.goto("/requests/new/")
    customer.fill("#id_name", "Mallory <b>Tester</b>")
    customer.fill("#id_email", "mallory@example.com")
    customer.fill("#id_subject", XSS_SUBJECT)
    customer.fill("#id_message", XSS_BODY)
    customer.locator("main form button[type=submit]").click()
    customer.wait_for_url("**/requests/new/thanks/")
    ticket = Ticket.objects.get(customer__email="mallory@example.com")
    assert ticket.subject == XSS_SUBJECT

    # Staff: the inbox and the ticket page.
    manager = open_page()
    ui.sign_in_staff(manager, "maria")
    manager.goto("/inbox/?view=all")
    link = manager.locator("#inbox-list a.ticket-link", has_text="Refund")
    expect(link).to_have_text(XSS_SUBJECT)
    _assert_inert(manager, "the inbox")
    link.click()
    manager.wait_for_url(f"**/tickets/{ticket.pk}/")
    expect(manager.locator("h1.ticket-subject")).to_have_text(XSS_SUBJECT)
    body = manager.locator(".conversation .message-body").first
    expect(body).to_contain_text("<script>window.__xss=1</script>")
    expect(body).to_contain_text('<img src=x onerror="window.__xss=1">')
    expect(manager.locator(".conversation")).to_contain_text("Mallory <b>Tester</b>")
    _assert_inert(manager, "the ticket page")
    assert "Refund <script>" in manager.title()

    # The customer's own request page on the help center.
    ui.sign_in_customer(customer, "mallory@example.com")
    expect(customer.locator(".request-subject")).to_have_text(XSS_SUBJECT)
    _assert_inert(customer, "My requests")
    customer.goto(f"/requests/{ticket.reference}/")
    expect(customer.locator("h1.ticket-subject")).to_have_text(XSS_SUBJECT)
    expect(customer.locator(".bubble.from-you .bubble-body").first).to_contain_text(
        '<script>window.__xss=1</script> never came.\n<img src=x onerror="window.__xss=1">'
    )
    _assert_inert(customer, "the request page")
    customer.watch.assert_clean()
    manager.watch.assert_clean()
