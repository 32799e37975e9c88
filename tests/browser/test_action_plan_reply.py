"""Marking an action plan done in a real browser offers the customer a reply, prefilled in
her language (Turkish for Ayşe), which the agent edits and sends (issue 20 item 23)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from frontdesk.resolution.models import ActionPlan
from frontdesk.resolution.services import do_create_action_plan
from frontdesk.tickets.choices import AuthorType, MessageKind
from frontdesk.tickets.models import Message
from frontdesk.tickets.services import do_create_ticket

PLAN = "Yedek termostatı tedarikçiden sipariş edip size kargoyla göndereceğiz."


def test_marking_a_plan_done_prefills_a_turkish_reply_the_agent_sends(
    personas, live, open_page, ui
):
    ticket = live.call(
        do_create_ticket,
        actor=personas.customer,
        customer=personas.customer,
        subject="Su ısıtıcısı kendi kendine kapanıyor",
        body="Su ısıtıcısı on saniye sonra kapanıyor. Ne yapabilirim?",
        team=personas.team,
        language="tr",
        acknowledge=False,
    )
    plan = live.call(
        do_create_action_plan,
        actor=personas.agent,
        ticket=ticket,
        text=PLAN,
        due_at=timezone.now() + timedelta(days=1),
    )
    agent = open_page()
    ui.sign_in_staff(agent, "anna")
    agent.goto(f"/tickets/{ticket.pk}/")
    plans = agent.locator("#action-plans")
    expect(plans.locator(".plan-list")).to_contain_text("Yedek termostat")
    plans.get_by_role("button", name="Mark done").click()

    agent.wait_for_url(re.compile(rf"/tickets/{ticket.pk}/action-plans/{plan.pk}/reply#editor$"))
    expect(agent.locator(".flash")).to_contain_text("A reply telling the customer is ready")
    box = agent.locator("#reply-body")
    expect(box).to_have_value(re.compile(r"^Sayın Ayşe Yılmaz,"))
    expect(box).to_have_value(re.compile(re.escape(PLAN)))
    expect(box).to_have_value(re.compile(r"Saygılarımızla,"))
    expect(agent.locator("#reply-form input[value=reply]")).to_be_checked()
    ui.shot(agent, "action-plan-done-reply-tr")
    assert ActionPlan.objects.get(pk=plan.pk).done_at is not None
    agent_replies = Message.objects.filter(ticket=ticket, author_type=AuthorType.AGENT)
    assert not agent_replies.exists()
    assert ui.outbox == []  # nothing goes to the customer by itself

    # The agent adds a line and sends it: an ordinary reply, mailed to Ayşe.
    box.fill(box.input_value().replace(PLAN, PLAN + "\nKargo takip numarası: 123456."))
    agent.locator("#reply-form button[type=submit]").click()
    expect(agent.locator(".conversation")).to_contain_text("Kargo takip numarası")
    reply = agent_replies.get()
    assert reply.kind == MessageKind.REPLY and "Sayın Ayşe Yılmaz" in reply.body
    assert [mail.to for mail in ui.outbox] == [["ayse@example.com"]]


def test_the_reminder_shows_on_the_deadlines_page_and_solving_asks_for_a_follow_up(
    personas, live, open_page, ui
):
    from frontdesk.resolution.models import ChecklistItem, SolveRecord
    from frontdesk.resolution.sweeps import do_remind_action_plans

    ChecklistItem.objects.all().delete()  # solving without a checklist: only the question
    ticket = live.call(
        do_create_ticket,
        actor=personas.customer,
        customer=personas.customer,
        subject="Kettle switches itself off",
        body="It stops after ten seconds.",
        team=personas.team,
        acknowledge=False,
    )
    now = timezone.now()
    live.call(
        do_create_action_plan,
        actor=personas.agent,
        ticket=ticket,
        text="Call the supplier about a new thermostat",
        due_at=now + timedelta(minutes=30),
    )
    assert live.call(do_remind_action_plans, now=now, lead=timedelta(hours=1)) == 1

    agent = open_page()
    ui.sign_in_staff(agent, "anna")
    agent.goto("/sla/alerts/")
    row = agent.locator("tr", has_text="Call the supplier")
    expect(row).to_contain_text("Action plan due")
    expect(row).to_contain_text(ticket.reference)
    ui.shot(agent, "deadlines-action-plan-due")
    row.get_by_role("link", name=ticket.reference).click()
    agent.wait_for_url(re.compile(rf"/tickets/{ticket.pk}/#action-plans$"))

    solve = agent.locator("#solve")
    solve.locator("summary").click()
    question = solve.get_by_role("checkbox", name=re.compile("ask the customer whether it worked"))
    expect(question).not_to_be_checked()  # the workspace default is off
    question.check()
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    solve.locator("input[name=follow_up_on]").fill(day)
    ui.shot(agent, "solve-follow-up-question")
    solve.get_by_role("button", name="Solve ticket").click()
    expect(agent.locator(".flash")).to_contain_text("Ticket solved.")
    expect(agent.locator("#solve")).to_contain_text("Follow-up planned for")
    assert SolveRecord.objects.get(ticket=ticket).follow_up_on.isoformat() == day
