"""Finishing the job in a real browser: an action plan, then solving through the checklist."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frontdesk.resolution.models import ActionPlan, ChecklistItem, SolveRecord
from frontdesk.tickets.choices import Status
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket
from tests.browser.conftest import PHONE

DEFAULTS = importlib.import_module("frontdesk.resolution.migrations.0002_default_checklist")


@pytest.fixture(autouse=True)
def default_checklist(transactional_db):
    """The data migration's checklist (an earlier browser test's flush removed it)."""
    if not ChecklistItem.objects.exists():
        for position, texts in enumerate(DEFAULTS.DEFAULT_ITEMS, start=1):
            ChecklistItem.objects.create(position=position * 10, texts=texts)


def test_it_walks_an_agent_through_the_checklist_to_a_solved_ticket(personas, live, open_page, ui):
    ticket = live.call(
        do_create_ticket,
        actor=personas.customer,
        customer=personas.customer,
        subject="Kettle switches itself off",
        body="It stops after ten seconds.",
        team=personas.team,
        acknowledge=False,
    )
    agent = open_page()
    agent.watch.allow(r"status of 422")
    ui.sign_in_staff(agent, "anna")
    agent.goto(f"/tickets/{ticket.pk}/")
    expect(agent.locator("h1.ticket-subject")).to_have_text("Kettle switches itself off")

    # No immediate solution: the agent records what they will do, and by when.
    due = timezone.localtime() + timedelta(days=1)
    plans = agent.locator("#action-plans")
    plans.locator("summary").click()  # the side actions are folded until opened
    plans.get_by_label("Plan").fill("Ask the supplier for a replacement thermostat.")
    plans.get_by_label("Committed time").fill(due.strftime("%Y-%m-%dT%H:%M"))
    plans.get_by_role("button", name="Record plan").click()
    expect(agent.locator(".flash")).to_contain_text("Action plan recorded")
    expect(plans.locator(".plan-list")).to_contain_text("replacement thermostat")
    plan = ActionPlan.objects.get(ticket=ticket)
    assert plan.author == personas.agent
    assert plan.due_at.strftime("%Y-%m-%d %H:%M") == due.strftime("%Y-%m-%d %H:%M")

    # Choosing "Solved" in the properties leads to the checklist instead.
    agent.select_option("#id_status", value=Status.SOLVED)
    agent.locator(".properties-form button[type=submit]").click()
    expect(agent.locator(".properties-form .has-error")).to_contain_text("checklist")
    expect(agent.locator("#solve.is-requested")).to_be_visible()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW

    # Solving without ticking the boxes is refused, and says what is missing.
    solve = agent.locator("#solve")
    solve.get_by_role("button", name="Solve ticket").click()
    expect(solve.locator(".form-error")).to_contain_text("Was the problem fully solved?")
    expect(solve.locator(".form-error")).to_contain_text("anything else I can help you with")
    ui.shot(agent, "solve-checklist-refused")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW

    # Ticked: solved, and the answers stay with the ticket.
    solve.get_by_label("Was the problem fully solved?").check()
    solve.get_by_label(re.compile("anything else I can help you with")).check()
    solve.get_by_label("Solution note").fill("Thermostat replaced by the supplier.")
    solve.get_by_role("button", name="Solve ticket").click()
    expect(agent.locator(".flash")).to_contain_text("Ticket solved.")
    expect(agent.locator(".ticket-header .badge").first).to_have_text("Solved")
    expect(agent.locator("#solve .solve-answers li")).to_have_count(2)
    expect(agent.locator("#solve")).to_contain_text("Solved by anna ·")
    agent.locator(".history summary").click()
    expect(agent.locator(".history-list")).to_contain_text("✓ Was the problem fully solved?")
    ui.shot(agent, "solve-checklist-solved")

    record = SolveRecord.objects.get(ticket=ticket)
    assert record.actor == personas.agent
    assert [row["answer"] for row in record.answers] == [True, True]
    assert record.note == "Thermostat replaced by the supplier."

    # The plan is done too.
    plans.get_by_role("button", name="Mark done").click()
    expect(agent.locator(".flash")).to_contain_text("Action plan done.")
    expect(plans.locator(".plan.is-done")).to_have_count(1)
    assert ActionPlan.objects.get(pk=plan.pk).done_at is not None


def test_it_fits_the_solve_card_on_a_phone(personas, live, open_page, ui):
    ticket = live.call(
        do_create_ticket,
        actor=personas.customer,
        customer=personas.customer,
        subject="Lid does not close",
        body="The lid of the kettle does not close any more.",
        team=personas.team,
        acknowledge=False,
    )
    phone = open_page(viewport=PHONE)
    ui.sign_in_staff(phone, "anna")
    phone.goto(f"/tickets/{ticket.pk}/")
    solve = phone.locator("#solve")
    solve.scroll_into_view_if_needed()
    solve.locator("summary").click()  # the side actions are folded until opened
    expect(solve.get_by_role("button", name="Solve ticket")).to_be_visible()
    expect(solve.locator(".solve-checklist input[type=checkbox]")).to_have_count(2)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width}px"
    ui.shot(phone, "solve-checklist")
