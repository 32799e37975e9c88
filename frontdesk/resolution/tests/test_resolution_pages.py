"""The ticket page's Solve and Action plan cards, and Settings → Solving."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdesk.resolution.models import ActionPlan, ChecklistItem, ResolutionSettings, SolveRecord
from frontdesk.resolution.services import do_create_action_plan, do_solve_ticket
from frontdesk.resolution.tests.support import make_ticket, web_client, yes_to_all
from frontdesk.tickets.choices import Status
from frontdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def ticket_url(ticket: Ticket) -> str:
    return reverse("tickets:ticket-detail", args=[ticket.pk])


def boxes(**overrides: bool) -> dict[str, str]:
    data = {f"item_{pk}": "on" for pk in yes_to_all()}
    for name, ticked in overrides.items():
        if not ticked:
            data.pop(name, None)
    return data


def properties(ticket: Ticket, **changes: object) -> dict[str, object]:
    return {
        "status": ticket.status,
        "priority": ticket.priority,
        "type": ticket.type,
        "assignee": ticket.assignee_id or "",
        "team": ticket.team_id or "",
        "tags": "",
        "handoff_note": "",
        **changes,
    }


def test_the_ticket_page_shows_the_checklist_and_the_plan_form(personas):
    ticket = make_ticket(personas)
    page = web_client(personas.agent).get(ticket_url(ticket)).content.decode()
    assert 'id="solve"' in page and 'id="action-plans"' in page
    assert "Was the problem fully solved?" in page
    assert "is there anything else I can help you with?" in page
    assert reverse("resolution:ticket-solve", args=[ticket.pk]) in page


def test_the_page_shows_the_checklist_in_the_agents_language(personas):
    ticket = make_ticket(personas)
    client = web_client(personas.agent)
    client.cookies["django_language"] = "sl"
    page = client.get(ticket_url(ticket)).content.decode()
    assert "Ali je bila težava v celoti rešena?" in page


def test_choosing_solved_in_the_properties_sends_the_agent_to_the_checklist(personas):
    ticket = make_ticket(personas, assignee=personas.agent)
    response = web_client(personas.agent).post(
        reverse("tickets:ticket-update", args=[ticket.pk]),
        properties(ticket, status=Status.SOLVED),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "tick the checklist under “Solve”" in page
    assert "solve-card is-requested" in page
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_solving_on_the_page_needs_the_ticked_boxes(personas):
    ticket = make_ticket(personas)
    _first, second = ChecklistItem.objects.order_by("position")
    client = web_client(personas.agent)
    url = reverse("resolution:ticket-solve", args=[ticket.pk])
    refused = client.post(url, boxes(**{f"item_{second.pk}": False}))
    assert refused.status_code == 422
    assert "To solve the ticket, answer yes to:" in refused.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW

    solved = client.post(url, {**boxes(), "note": "Sent a new kettle."})
    assert solved.status_code == 302 and solved["Location"] == ticket_url(ticket) + "#top"
    assert Ticket.objects.get(pk=ticket.pk).status == Status.SOLVED
    record = SolveRecord.objects.get(ticket=ticket)
    assert record.note == "Sent a new kettle."
    page = client.get(ticket_url(ticket)).content.decode()
    assert "Solved by anna ·" in page
    assert "Sent a new kettle." in page  # in the card and in the history


def test_action_plans_on_the_page(personas):
    ticket = make_ticket(personas)
    client = web_client(personas.agent)
    url = reverse("resolution:action-plan-create", args=[ticket.pk])
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(url, {"text": "Call the supplier", "due_at": past})
    assert refused.status_code == 422
    assert "must be in the future" in refused.content.decode()
    due = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"text": "Call the supplier", "due_at": due}).status_code == 302
    plan = ActionPlan.objects.get()
    assert plan.author == personas.agent and plan.text == "Call the supplier"
    page = client.get(ticket_url(ticket)).content.decode()
    assert "Call the supplier" in page and "Mark done" in page
    done = client.post(reverse("resolution:action-plan-done", args=[ticket.pk, plan.pk]))
    assert done.status_code == 302
    assert ActionPlan.objects.get().done_at is not None


@pytest.mark.parametrize("name", ["ticket-solve", "action-plan-create", "action-plan-done"])
def test_outsiders_get_404_and_change_nothing(personas, name):
    ticket = make_ticket(personas)
    plan = do_create_action_plan(
        actor=personas.agent,
        ticket=ticket,
        text="Call back",
        due_at=timezone.now() + timedelta(days=1),
    )
    args = [ticket.pk, plan.pk] if name == "action-plan-done" else [ticket.pk]
    url = reverse(f"resolution:{name}", args=args)
    data = {**boxes(), "text": "x", "due_at": "2999-01-01T10:00"}
    assert web_client(personas.other_agent).post(url, data).status_code == 404
    anonymous = Client().post(url, data)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW
    assert ActionPlan.objects.count() == 1 and ActionPlan.objects.get().done_at is None


def test_a_plan_of_another_ticket_is_not_found_through_this_one(personas):
    mine = make_ticket(personas)
    other = make_ticket(personas)
    plan = do_create_action_plan(
        actor=personas.agent, ticket=other, text="x", due_at=timezone.now() + timedelta(days=1)
    )
    response = web_client(personas.agent).post(
        reverse("resolution:action-plan-done", args=[mine.pk, plan.pk])
    )
    assert response.status_code == 404
    assert ActionPlan.objects.get().done_at is None


def test_a_solved_ticket_shows_the_answers_instead_of_the_form(personas):
    ticket = make_ticket(personas)
    do_solve_ticket(actor=personas.agent, ticket=ticket, answers=yes_to_all(), language="tr")
    page = web_client(personas.manager).get(ticket_url(ticket)).content.decode()
    assert "Sorun tamamen çözüldü mü?" in page  # the wording shown when it was solved
    assert reverse("resolution:ticket-solve", args=[ticket.pk]) not in page


SETTINGS_PAGES = ["resolution:settings", "resolution:item-new", "resolution:item-edit"]


@pytest.mark.parametrize("name", SETTINGS_PAGES)
def test_settings_are_for_managers_only(personas, name):
    item = ChecklistItem.objects.first()
    args = [item.pk] if name == "resolution:item-edit" else []
    url = reverse(name, args=args)
    assert web_client(personas.agent).get(url).status_code == 404
    assert web_client(personas.agent).post(url, {"text_en": "Hacked?"}).status_code == 404
    assert Client().get(url).status_code == 302
    assert web_client(personas.manager).get(url).status_code == 200
    assert web_client(personas.admin).get(url).status_code == 200
    assert not ChecklistItem.objects.filter(texts__en="Hacked?").exists()


def test_managers_word_the_checklist_in_each_language(personas):
    client = web_client(personas.manager)
    page = client.get(reverse("resolution:settings")).content.decode()
    assert "Was the problem fully solved?" in page
    created = client.post(
        reverse("resolution:item-new"),
        {"text_en": "Did you update the order?", "text_tr": "Siparişi güncellediniz mi?",
         "position": "30", "required": "on", "active": "on"},
    )  # fmt: skip
    assert created.status_code == 302
    item = ChecklistItem.objects.get(texts__en="Did you update the order?")
    assert item.texts == {"en": "Did you update the order?", "tr": "Siparişi güncellediniz mi?"}
    assert item.required and item.active
    missing = client.post(reverse("resolution:item-edit", args=[item.pk]), {"position": "30"})
    assert missing.status_code == 422
    switched_off = client.post(
        reverse("resolution:item-edit", args=[item.pk]),
        {"text_en": "Did you update the order?", "position": "5"},
    )
    assert switched_off.status_code == 302
    item.refresh_from_db()
    assert not item.active and not item.required and item.position == 5


def test_managers_set_follow_up_and_auto_close(personas):
    client = web_client(personas.manager)
    url = reverse("resolution:settings")
    data = {"follow_up_days": "3", "auto_close_days": "3", "reminder_lead_minutes": "30"}
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "later than the follow-up" in refused.content.decode()
    assert client.post(url, {**data, "auto_close_days": "7"}).status_code == 302
    config = ResolutionSettings.current()
    assert (config.follow_up_days, config.auto_close_days, config.reminder_lead_minutes) == (
        3,
        7,
        30,
    )
