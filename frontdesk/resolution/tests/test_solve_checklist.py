"""Solving walks through the checklist: required answers, stored wording, languages."""

from __future__ import annotations

import pytest

from frontdesk.core.errors import Conflict, Forbidden, Invalid
from frontdesk.resolution.models import ChecklistItem, SolvedTicket, SolveRecord
from frontdesk.resolution.services import (
    do_create_checklist_item,
    do_solve_ticket,
    do_update_checklist_item,
    do_update_resolution_settings,
)
from frontdesk.resolution.tests.support import make_ticket, yes_to_all
from frontdesk.tickets.choices import EventKind, Status
from frontdesk.tickets.models import TicketEvent
from frontdesk.tickets.services import do_add_message, do_update_ticket

pytestmark = pytest.mark.django_db

FULLY = "Was the problem fully solved?"
ANYTHING_ELSE = "Did you ask the customer: is there anything else I can help you with?"


def defaults() -> tuple[ChecklistItem, ChecklistItem]:
    fully, anything_else = ChecklistItem.objects.order_by("position")
    return fully, anything_else


def test_it_starts_with_the_two_default_questions_in_every_language():
    fully, anything_else = defaults()
    assert fully.text_for("en") == FULLY
    assert anything_else.text_for("en") == ANYTHING_ELSE
    for item in (fully, anything_else):
        assert item.active and item.required
        assert set(item.texts) == {"en", "tr", "lv", "sk", "sl"}
        assert all(text.strip() for text in item.texts.values())
    assert fully.text_for("tr") == "Sorun tamamen çözüldü mü?"
    assert fully.text_for("sl-si") == fully.texts["sl"]
    assert fully.text_for("de") == FULLY  # a language without wording falls back to English


def test_it_refuses_to_solve_until_every_required_item_is_answered_yes(personas):
    fully, anything_else = defaults()
    ticket = make_ticket(personas)
    with pytest.raises(Invalid) as refused:
        do_solve_ticket(
            actor=personas.agent, ticket=ticket, answers={fully.pk: True, anything_else.pk: False}
        )
    assert refused.value.field == "answers"
    assert ANYTHING_ELSE in refused.value.message
    assert FULLY not in refused.value.message
    with pytest.raises(Invalid) as none_given:
        do_solve_ticket(actor=personas.agent, ticket=ticket, answers={})
    assert FULLY in none_given.value.message and ANYTHING_ELSE in none_given.value.message
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert not SolveRecord.objects.exists()


def test_it_solves_and_keeps_the_wording_shown_with_the_answers(personas):
    fully, anything_else = defaults()
    optional = do_create_checklist_item(
        actor=personas.manager, texts={"en": "Did you add a tag?"}, position=99, required=False
    )
    ticket = make_ticket(personas)
    record = do_solve_ticket(
        actor=personas.agent,
        ticket=ticket,
        answers={fully.pk: True, anything_else.pk: True},
        note="Replaced the kettle.",
        language="lv",
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED and ticket.solved_at == record.created_at
    assert record.actor == personas.agent and record.language == "lv"
    assert record.note == "Replaced the kettle."
    assert record.answers == [
        {"item_id": fully.pk, "text": fully.texts["lv"], "required": True, "answer": True},
        {
            "item_id": anything_else.pk,
            "text": anything_else.texts["lv"],
            "required": True,
            "answer": True,
        },
        {"item_id": optional.pk, "text": "Did you add a tag?", "required": False, "answer": False},
    ]
    # Rewording the item later does not change what was shown.
    shown = fully.texts["lv"]
    do_update_checklist_item(
        actor=personas.manager,
        item=fully,
        texts={"en": "Is it fixed?"},
        position=1,
        required=True,
        active=True,
    )
    record.refresh_from_db()
    assert record.answers[0]["text"] == shown != "Is it fixed?"
    # The history shows the solve with the checklist.
    event = TicketEvent.objects.get(ticket=ticket, field="status", new_value=Status.SOLVED)
    assert event.actor_user == personas.agent
    assert f"✓ {anything_else.texts['lv']}" in event.note
    assert "✗ Did you add a tag?" in event.note
    assert "Replaced the kettle." in event.note


def test_inactive_and_optional_items_do_not_block(personas):
    fully, anything_else = defaults()
    ChecklistItem.objects.filter(pk=fully.pk).update(active=False)
    ChecklistItem.objects.filter(pk=anything_else.pk).update(required=False)
    ticket = make_ticket(personas)
    record = do_solve_ticket(actor=personas.agent, ticket=ticket, answers={})
    assert [row["item_id"] for row in record.answers] == [anything_else.pk]
    with pytest.raises(Invalid):  # an item that is switched off cannot be answered
        do_solve_ticket(actor=personas.agent, ticket=make_ticket(personas), answers={fully.pk: 1})


def test_it_refuses_solved_and_closed_tickets_and_customers(personas):
    ticket = make_ticket(personas)
    do_solve_ticket(actor=personas.agent, ticket=ticket, answers=yes_to_all())
    with pytest.raises(Conflict):
        do_solve_ticket(actor=personas.agent, ticket=ticket, answers=yes_to_all())
    assert SolveRecord.objects.filter(ticket=ticket).count() == 1
    with pytest.raises(Forbidden):
        do_solve_ticket(actor=personas.customer, ticket=make_ticket(personas), answers=yes_to_all())


def test_the_service_path_without_the_checklist_still_works(personas):
    """Imports, the demo data and other apps' tests solve through do_update_ticket."""
    ticket = make_ticket(personas)
    do_update_ticket(actor=personas.agent, ticket=ticket, status=Status.SOLVED)
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED
    assert SolvedTicket.objects.filter(ticket=ticket, solved_at=ticket.solved_at).exists()


def test_the_solved_schedule_follows_the_status(personas):
    ticket = make_ticket(personas)
    do_solve_ticket(actor=personas.agent, ticket=ticket, answers=yes_to_all())
    assert SolvedTicket.objects.filter(ticket=ticket).exists()
    do_add_message(actor=personas.customer, ticket=ticket, body="It broke again.")
    ticket.refresh_from_db()
    # Solving assigned the ticket to the solver: the reply reopens it for them.
    assert ticket.status == Status.OPEN and ticket.reopen_count == 1
    assert ticket.assignee == personas.agent
    assert not SolvedTicket.objects.filter(ticket=ticket).exists()
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.REOPENED).exists()
    do_solve_ticket(actor=personas.agent, ticket=ticket, answers=yes_to_all())
    assert SolvedTicket.objects.filter(ticket=ticket).exists()
    do_update_ticket(actor=personas.agent, ticket=ticket, status=Status.CLOSED)
    assert not SolvedTicket.objects.filter(ticket=ticket).exists()


def test_managers_edit_the_checklist_and_agents_may_not(personas):
    with pytest.raises(Forbidden):
        do_create_checklist_item(actor=personas.agent, texts={"en": "Tagged?"})
    with pytest.raises(Invalid) as no_english:
        do_create_checklist_item(actor=personas.manager, texts={"tr": "Etiket?"})
    assert no_english.value.field == "text_en"
    item = do_create_checklist_item(
        actor=personas.admin, texts={"en": " Tagged?\r\n ", "tr": "Etiketlendi mi?", "sk": ""}
    )
    assert item.texts == {"en": "Tagged?", "tr": "Etiketlendi mi?"}


def test_settings_are_checked(personas):
    with pytest.raises(Forbidden):
        do_update_resolution_settings(
            actor=personas.agent, follow_up_days=2, auto_close_days=4, reminder_lead_minutes=60
        )
    with pytest.raises(Invalid) as too_early:
        do_update_resolution_settings(
            actor=personas.manager, follow_up_days=4, auto_close_days=4, reminder_lead_minutes=60
        )
    assert too_early.value.field == "auto_close_days"
    config = do_update_resolution_settings(
        actor=personas.manager, follow_up_days=3, auto_close_days=7, reminder_lead_minutes=30
    )
    assert (config.follow_up_days, config.auto_close_days, config.reminder_lead_minutes) == (
        3,
        7,
        30,
    )
