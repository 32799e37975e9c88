"""An agent's day in a real browser: live inbox, macro, reply, note, transfer, solve."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from frontdesk.tickets.choices import AuthorType, MessageKind, Status
from frontdesk.tickets.models import Macro, Message, Ticket
from frontdesk.tickets.services import do_create_ticket


def test_it_serves_an_agent_from_live_inbox_to_solved_ticket(
    personas, live, open_page, ui, mailoutbox
):
    Macro.objects.create(
        name="Greeting",
        body="Hello {{ customer.first_name }}, thank you for writing to us. "
        "We are looking at it now.",
    )
    agent = open_page()
    ui.sign_in_staff(agent, "anna")

    # The agent watches the team's tickets; the page says it is live.
    agent.get_by_label("My teams").check()
    agent.wait_for_url(re.compile(r"view=teams"))
    expect(agent.locator("#live-status")).to_have_text("Live")

    # A customer writes in; the ticket shows up without a reload.
    agent.evaluate("window.__same_document = true")
    ticket = live.call(
        do_create_ticket,
        actor=personas.customer,
        customer=personas.customer,
        subject="Kırık fincan geldi",
        body="Siparişimdeki fincan kırık geldi.",
        team=personas.team,
    )
    row = agent.locator("#inbox-list").get_by_role("link", name="Kırık fincan geldi")
    expect(row).to_be_visible(timeout=10_000)
    assert agent.evaluate("window.__same_document") is True, "the inbox was reloaded"

    # The customer got the acknowledgement.
    assert [m.to for m in mailoutbox] == [["ayse@example.com"]]
    assert ticket.reference in mailoutbox[0].subject + mailoutbox[0].body

    # Open it, insert the macro: the placeholder is filled in for this customer.
    row.click()
    agent.wait_for_url(f"**/tickets/{ticket.pk}/")
    expect(agent.locator("h1.ticket-subject")).to_have_text("Kırık fincan geldi")
    agent.select_option("#macro-select", label="Greeting")
    editor = agent.locator("#reply-body")
    expect(editor).to_have_value(re.compile(r"^Hello Ayşe, thank you for writing to us\."))
    agent.locator(".reply-form button[type=submit]").click()
    expect(agent.locator(".flash")).to_contain_text("Reply sent.")
    expect(agent.locator(".conversation")).to_contain_text("Hello Ayşe, thank you")

    # An internal note, marked as such on the page.
    agent.locator(".kind-toggle").get_by_text("Internal note").click()
    agent.fill("#reply-body", "Checked the warehouse photo: packed badly.")
    agent.locator(".reply-form button[type=submit]").click()
    expect(agent.locator(".flash")).to_contain_text("Internal note added.")
    note = agent.locator("article.note", has_text="Checked the warehouse photo")
    expect(note).to_be_visible()
    expect(note.locator(".note-label")).to_have_text("Internal note")

    # Transfer to the other team: without a hand-off note it is refused, nothing moves.
    agent.watch.allow(r"status of 422")
    agent.select_option("#id_team", label="Ljubljana shop")
    agent.select_option("#id_assignee", value=str(personas.other_agent.pk))
    agent.locator(".properties-form button[type=submit]").click()
    error = agent.locator(".properties-form .has-error")
    expect(error).to_contain_text("hand-off note")
    ticket.refresh_from_db()
    assert ticket.team_id == personas.team.pk
    assert ticket.assignee_id is None

    agent.select_option("#id_team", label="Ljubljana shop")
    agent.select_option("#id_assignee", value=str(personas.other_agent.pk))
    agent.fill("#id_handoff_note", "Customer wants a replacement cup, photo attached.")
    agent.locator(".properties-form button[type=submit]").click()
    # The ticket left Anna's teams: she is sent back to the inbox and told so.
    agent.wait_for_url(re.compile(r"/inbox/"))
    expect(agent.locator(".flash")).to_contain_text(f"{ticket.reference} is no longer in your view")
    ticket.refresh_from_db()
    assert (ticket.team_id, ticket.assignee_id) == (personas.other_team.pk, personas.other_agent.pk)

    # The manager solves it: choosing "Solved" leads to the solve checklist (T7).
    manager = open_page()
    manager.watch.allow(r"status of 422")
    ui.sign_in_staff(manager, "maria")
    manager.goto(f"/tickets/{ticket.pk}/")
    expect(manager.locator(".conversation")).to_contain_text("Hand-off note: Customer wants")
    manager.select_option("#id_status", value=Status.SOLVED)
    manager.locator(".properties-form button[type=submit]").click()
    expect(manager.locator("#solve.is-requested")).to_be_visible()
    for box in manager.locator("#solve input[type=checkbox]").all():
        box.check()
    manager.get_by_role("button", name="Solve ticket").click()
    expect(manager.locator(".flash")).to_contain_text("Ticket solved.")
    expect(manager.locator(".ticket-header .badge").first).to_have_text("Solved")

    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    reply = Message.objects.get(
        ticket=ticket, author_type=AuthorType.AGENT, body__startswith="Hello"
    )
    assert reply.kind == MessageKind.REPLY
    assert reply.body.startswith("Hello Ayşe, thank you for writing to us.")
    assert reply.author_user == personas.agent
    assert Message.objects.filter(
        ticket=ticket, kind=MessageKind.NOTE, body__startswith="Checked the warehouse"
    ).exists()
    assert Ticket.objects.filter(pk=ticket.pk, first_response_at__isnull=False).exists()
    agent.watch.assert_clean()
    manager.watch.assert_clean()
