"""The agent's ticket page in a real browser: errors where the user looks, nothing typed
is lost, the conversation and the reply box on the first screen, and New ticket."""

from __future__ import annotations

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


def test_look(personas, live, open_page, ui):
    ticket = _ticket_with_conversation(personas, live)
    for viewport in (DESKTOP, PHONE):
        page = open_page(viewport=viewport)
        ui.sign_in_staff(page, "anna")
        page.goto(f"/tickets/{ticket.pk}/")
        ui.shot(page, "h9-ticket-before")
