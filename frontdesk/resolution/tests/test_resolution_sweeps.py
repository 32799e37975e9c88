"""The sweeps over time: a reminder once, a follow-up once, auto-close, a reply reopens."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.customers.services import do_mark_email_bouncing
from frontdesk.resolution.models import ActionPlan, ResolutionSettings, SolvedTicket
from frontdesk.resolution.services import (
    do_complete_action_plan,
    do_create_action_plan,
    do_solve_ticket,
)
from frontdesk.resolution.sweeps import SweepResult, do_sweep_resolution
from frontdesk.resolution.tests.support import make_ticket, utc, yes_to_all
from frontdesk.tickets.choices import AuthorType, EventKind, MessageKind, Status
from frontdesk.tickets.models import Message, Ticket, TicketEvent
from frontdesk.tickets.outbound import reference_from_message_id
from frontdesk.tickets.services import do_add_message

pytestmark = pytest.mark.django_db

MONDAY = utc(2026, 11, 16, 9, 0)


def settings(**fields) -> None:
    config = ResolutionSettings.current()
    for name, value in fields.items():
        setattr(config, name, value)
    config.save()


def solved_ticket(personas, when=MONDAY, **fields) -> Ticket:
    ticket = make_ticket(personas, now=when - timedelta(hours=1), **fields)
    do_solve_ticket(actor=personas.agent, ticket=ticket, answers=yes_to_all(), now=when)
    return ticket


def system_notes(ticket: Ticket) -> list[str]:
    notes = Message.objects.filter(
        ticket=ticket, kind=MessageKind.NOTE, author_type=AuthorType.SYSTEM
    )
    return list(notes.values_list("body", flat=True))


def test_it_reminds_the_author_once_before_the_committed_time(personas):
    ticket = make_ticket(personas, now=MONDAY)
    plan = do_create_action_plan(
        actor=personas.agent,
        ticket=ticket,
        text="Ask the warehouse about the spare part",
        due_at=MONDAY + timedelta(hours=4),
        now=MONDAY,
    )
    assert do_sweep_resolution(now=MONDAY + timedelta(hours=2, minutes=59)).reminded == 0
    at = MONDAY + timedelta(hours=3)  # the default lead: 60 minutes
    assert do_sweep_resolution(now=at).reminded == 1
    assert do_sweep_resolution(now=at + timedelta(minutes=5)).reminded == 0
    assert do_sweep_resolution(now=MONDAY + timedelta(hours=5)).reminded == 0  # overdue: no more
    plan.refresh_from_db()
    assert plan.reminded_at == at
    [note] = system_notes(ticket)
    assert note.startswith("Reminder for anna: the action plan is due")
    assert "Ask the warehouse about the spare part" in note


def test_the_lead_is_configurable_and_done_plans_are_not_reminded(personas):
    settings(reminder_lead_minutes=15)
    ticket = make_ticket(personas, now=MONDAY)
    due = MONDAY + timedelta(hours=2)
    plan = do_create_action_plan(
        actor=personas.agent, ticket=ticket, text="Call back", due_at=due, now=MONDAY
    )
    done = do_create_action_plan(
        actor=personas.agent, ticket=ticket, text="Send label", due_at=due, now=MONDAY
    )
    do_complete_action_plan(actor=personas.agent, plan=done, now=MONDAY + timedelta(minutes=5))
    assert do_sweep_resolution(now=due - timedelta(minutes=16)).reminded == 0
    assert do_sweep_resolution(now=due - timedelta(minutes=15)).reminded == 1
    assert ActionPlan.objects.get(pk=done.pk).reminded_at is None
    assert ActionPlan.objects.get(pk=plan.pk).reminded_at is not None


def test_the_reminder_is_in_the_authors_language(personas):
    personas.agent.language = "tr"
    personas.agent.save()
    ticket = make_ticket(personas, now=MONDAY)
    do_create_action_plan(
        actor=personas.agent,
        ticket=ticket,
        text="Tedarikçiyi ara",
        due_at=MONDAY + timedelta(hours=1),
        now=MONDAY,
    )
    do_sweep_resolution(now=MONDAY + timedelta(minutes=1))
    [note] = system_notes(ticket)
    assert "Tedarikçiyi ara" in note
    assert "Kasım" in note  # the due time is written the Turkish way


def test_the_follow_up_is_off_by_default(personas, mailoutbox):
    solved_ticket(personas)
    assert do_sweep_resolution(now=MONDAY + timedelta(days=3)) == SweepResult()
    assert mailoutbox == []


def test_it_follows_up_once_in_the_customers_language(personas, mailoutbox):
    settings(follow_up_days=2, auto_close_days=5)
    ticket = solved_ticket(personas)  # Ayşe writes Turkish
    assert do_sweep_resolution(now=MONDAY + timedelta(days=2, seconds=-1)).followed_up == 0
    at = MONDAY + timedelta(days=2)
    assert do_sweep_resolution(now=at).followed_up == 1
    assert do_sweep_resolution(now=at + timedelta(hours=1)).followed_up == 0
    assert do_sweep_resolution(now=at + timedelta(days=1)).followed_up == 0
    [mail] = mailoutbox
    assert mail.to == ["ayse@example.com"]
    assert ticket.reference in mail.subject
    assert mail.extra_headers["Auto-Submitted"] == "auto-generated"
    assert mail.extra_headers["X-Auto-Response-Suppress"] == "All"
    assert reference_from_message_id(mail.extra_headers["Message-ID"]) == ticket.reference
    assert "Ayşe Yılmaz" in mail.body
    assert '<html lang="tr">' in mail.alternatives[0][0]
    # Agents see what was sent, on the ticket, and it stays solved.
    message = Message.objects.get(ticket=ticket, author_type=AuthorType.SYSTEM)
    assert message.kind == MessageKind.REPLY
    assert message.external_id == mail.extra_headers["Message-ID"]
    assert message.body == mail.body
    assert TicketEvent.objects.filter(
        ticket=ticket, kind=EventKind.MESSAGE, new_value=str(message.pk)
    ).exists()
    assert Ticket.objects.get(pk=ticket.pk).status == Status.SOLVED


def test_no_follow_up_mail_to_a_bouncing_address(personas, mailoutbox):
    settings(follow_up_days=1)
    do_mark_email_bouncing(email="ayse@example.com", reason="550 no such user")
    ticket = solved_ticket(personas)
    assert do_sweep_resolution(now=MONDAY + timedelta(days=1)).followed_up == 1
    assert mailoutbox == []
    message = Message.objects.get(ticket=ticket, author_type=AuthorType.SYSTEM)
    assert message.external_id == ""


def test_a_follow_up_is_never_weeks_late(personas, mailoutbox):
    solved_ticket(personas)
    settings(follow_up_days=2, auto_close_days=0)  # switched on long after the solve
    assert do_sweep_resolution(now=MONDAY + timedelta(days=30)).followed_up == 0
    assert mailoutbox == []


def test_it_closes_solved_tickets_after_the_set_days_without_a_reply(personas):
    ticket = solved_ticket(personas)
    assert do_sweep_resolution(now=MONDAY + timedelta(days=4, seconds=-1)).closed == 0
    at = MONDAY + timedelta(days=4)
    assert do_sweep_resolution(now=at).closed == 1
    assert do_sweep_resolution(now=at + timedelta(days=1)).closed == 0
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.closed_at == at
    assert ticket.solved_at == MONDAY
    event = TicketEvent.objects.get(ticket=ticket, field="status", new_value=Status.CLOSED)
    assert event.old_value == Status.SOLVED and event.actor_user is None
    assert "automatically" in event.note
    assert not SolvedTicket.objects.exists()


def test_auto_close_can_be_switched_off(personas):
    settings(auto_close_days=0)
    ticket = solved_ticket(personas)
    assert do_sweep_resolution(now=MONDAY + timedelta(days=60)).closed == 0
    assert Ticket.objects.get(pk=ticket.pk).status == Status.SOLVED


def test_a_customer_reply_reopens_and_cancels_follow_up_and_auto_close(personas, mailoutbox):
    settings(follow_up_days=2, auto_close_days=4)
    ticket = solved_ticket(personas)
    do_add_message(
        actor=personas.customer,
        ticket=ticket,
        body="Sorry, it still does not work.",
        now=MONDAY + timedelta(days=1),
    )
    ticket.refresh_from_db()
    assert ticket.status in (Status.NEW, Status.OPEN) and ticket.solved_at is None
    for days in (2, 4, 10):
        assert do_sweep_resolution(now=MONDAY + timedelta(days=days)) == SweepResult()
    assert mailoutbox == []
    assert Ticket.objects.get(pk=ticket.pk).status in (Status.NEW, Status.OPEN)


def test_a_reply_after_the_follow_up_reopens_and_a_new_solve_starts_over(personas, mailoutbox):
    settings(follow_up_days=2, auto_close_days=4)
    ticket = solved_ticket(personas)
    do_sweep_resolution(now=MONDAY + timedelta(days=2))
    first_id = mailoutbox[0].extra_headers["Message-ID"]
    do_add_message(
        actor=personas.customer,
        ticket=ticket,
        body="No, it still leaks.",
        now=MONDAY + timedelta(days=3),
    )
    assert do_sweep_resolution(now=MONDAY + timedelta(days=4)).closed == 0
    second = MONDAY + timedelta(days=5)
    do_solve_ticket(actor=personas.agent, ticket=ticket, answers=yes_to_all(), now=second)
    assert do_sweep_resolution(now=second + timedelta(days=2)).followed_up == 1
    assert mailoutbox[1].extra_headers["Message-ID"] != first_id  # its own Message-ID
    assert do_sweep_resolution(now=second + timedelta(days=4)).closed == 1
