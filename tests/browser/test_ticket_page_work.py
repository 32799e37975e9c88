"""The agent's ticket page in a real browser: errors where the user looks, nothing typed
is lost, the conversation and the reply box on the first screen, and New ticket."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from frontdesk.tickets.choices import MessageKind
from frontdesk.tickets.forms import MAX_MESSAGE_CHARS
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.services import do_add_message, do_create_ticket
from tests.browser.conftest import DESKTOP, PHONE


def _ticket_with_conversation(personas, live):
    ticket = live.call(
        do_create_ticket,
        actor=personas.customer,
        customer=personas.customer,
        subject="The blouse fell apart in the wash",
        body="I bought it two days ago and have the receipt.\nCan I get a refund?",
        team=personas.team,
        assignee=personas.agent,
        acknowledge=False,
    )
    for who, text in (
        (personas.agent, "Sorry to hear that! Could you send a photo of the label?"),
        (personas.customer, "Here it is. It says 30 degrees, I washed it at 30."),
        (personas.agent, "Thank you. I have asked the warehouse; back to you today."),
        (personas.customer, "Any news? I need it for Saturday.\nThanks."),
    ):
        live.call(do_add_message, actor=who, ticket=ticket, body=text)
    return ticket


def _bottom(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["y"] + box["height"]


def test_the_reply_box_and_newest_message_fit_and_errors_show_at_the_form(
    personas, live, open_page, ui
):
    ticket = _ticket_with_conversation(personas, live)
    page = open_page(viewport=DESKTOP)
    page.watch.allow(r"status of 422")
    ui.sign_in_staff(page, "anna")
    page.goto(f"/tickets/{ticket.pk}/")
    newest = page.locator(".conversation article").last
    expect(newest).to_contain_text("Any news? I need it for Saturday.")
    assert _bottom(newest) <= DESKTOP["height"]
    assert _bottom(page.locator("#reply-body")) <= DESKTOP["height"]
    ui.shot(page, "ticket-page-dense")

    # A transfer without a hand-off note: the page comes back at the form, the note field
    # in focus and the refusal beside it, in view.
    page.select_option("#id_team", label="Ljubljana shop")
    page.locator(".properties-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/update#properties$"))
    expect(page.locator("#id_handoff_note")).to_be_focused()
    error = page.locator("#properties .has-error")
    expect(error).to_contain_text("hand-off note")
    expect(error).to_be_in_viewport()

    # Escalation refused (no reason): its folded section opens at the field.
    page.goto(f"/tickets/{ticket.pk}/")
    page.locator("#escalation summary").click()
    page.get_by_role("button", name="Escalate to a manager").click()
    expect(page.locator("#escalation")).to_have_attribute("open", "")
    expect(page.locator("#id_reason")).to_be_focused()
    expect(
        page.locator("#escalation .form-error, #escalation .has-error").first
    ).to_be_in_viewport()

    # A hand-off note typed while nothing moves is kept as an internal note, and said so.
    page.goto(f"/tickets/{ticket.pk}/")
    page.fill("#id_handoff_note", "She calls back at three.")
    page.locator(".properties-form button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("added as an internal note")
    expect(page.locator(".flash")).to_be_in_viewport()
    assert Message.objects.filter(
        ticket=ticket, kind=MessageKind.NOTE, body="She calls back at three."
    ).exists()


def test_a_too_long_paste_is_counted_and_refused_with_the_text_kept(personas, live, open_page, ui):
    ticket = _ticket_with_conversation(personas, live)
    page = open_page(viewport=DESKTOP)
    page.watch.allow(r"status of 422")
    ui.sign_in_staff(page, "anna")
    page.goto(f"/tickets/{ticket.pk}/")
    text = "1 2 3 4 5 6 7 8 9 " * (MAX_MESSAGE_CHARS // 18 + 200)
    page.locator("#reply-body").fill(text)
    counter = page.locator("#reply-body-count")
    expect(counter).to_be_visible()
    expect(counter).to_contain_text("too many")
    assert len(page.locator("#reply-body").input_value()) == len(text)  # nothing cut
    started = time.perf_counter()
    page.locator(".reply-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/reply#editor$"))
    took = time.perf_counter() - started
    expect(page.locator("#reply-body-error")).to_contain_text("the limit is 50,000")
    expect(page.locator("#reply-body")).to_be_focused()
    assert len(page.locator("#reply-body").input_value()) == len(text)  # kept as typed
    assert took < 5, f"the refusal took {took:.1f} s"
    ui.shot(page, "ticket-page-too-long")


def test_an_agent_opens_a_ticket_for_a_walk_in(personas, live, open_page, ui):
    for viewport in (DESKTOP, PHONE):
        page = open_page(viewport=viewport)
        ui.sign_in_staff(page, "anna")
        page.get_by_role("link", name="New ticket").click()
        page.wait_for_url("**/tickets/new/")
        page.fill("#id_customer_query", "yılmaz")
        suggestion = page.get_by_label(re.compile("Ayşe Yılmaz"))
        expect(suggestion).to_be_visible()
        ui.shot(page, "ticket-new")
    suggestion.check()
    page.select_option("#id_channel", value="phone")
    page.fill("#id_subject", "Asked about the exchange in the shop")
    page.get_by_text("My internal note").click()
    page.fill("#id_body", "Came in with the receipt; wants a size 40.")
    page.get_by_role("button", name="Open ticket").click()
    expect(page.locator(".flash")).to_contain_text("opened")
    ticket = Ticket.objects.get(subject="Asked about the exchange in the shop")
    assert ticket.customer == personas.customer and ticket.assignee == personas.agent
    expect(page.locator("article.note")).to_contain_text("wants a size 40")
    ui.shot(page, "ticket-new-opened")
