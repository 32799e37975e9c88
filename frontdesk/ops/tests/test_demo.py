"""The demo data set: every language and state, consistent with the services, loaded once."""

from __future__ import annotations

import re

import pytest
from django.db.models import Count, Min

from frontdesk.accounts.models import User
from frontdesk.customers.models import Customer
from frontdesk.ops.demo import load_demo
from frontdesk.tickets.choices import AckState, AuthorType, EventKind, MessageKind, Status
from frontdesk.tickets.models import Macro, Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
LANGUAGES = {"en", "tr", "lv", "sk", "sl"}


def test_it_loads_a_small_demo_in_every_language_and_state_once():
    report = load_demo(tickets=200, customers=40)
    assert not report.skipped and report.counts["tickets"] == 200
    tickets = Ticket.objects.all()
    assert set(tickets.values_list("language", flat=True)) == LANGUAGES
    assert set(Customer.objects.values_list("language", flat=True)) == LANGUAGES
    assert set(tickets.values_list("status", flat=True)) == set(Status.values)
    assert len(set(tickets.values_list("channel", flat=True))) >= 5
    assert all(re.fullmatch(r"FD-[2-9A-HJ-NP-Z]{7}", r)
               for r in tickets.values_list("reference", flat=True))  # fmt: skip
    assert not tickets.exclude(ack_state=AckState.NONE).exists()
    assert User.objects.filter(role="agent").count() == 12
    assert User.objects.filter(role="manager").count() == 2
    assert set(Macro.objects.values_list("language", flat=True)) == LANGUAGES

    second = load_demo(tickets=200, customers=40)
    assert second.skipped
    assert Ticket.objects.count() == 200 and Customer.objects.count() == 40


def test_it_builds_tickets_the_way_the_services_would():
    load_demo(tickets=150, customers=30)
    for ticket in Ticket.objects.annotate(first_agent_reply=Min(
            "messages__created_at", filter=_agent_replies())):  # fmt: skip
        first = ticket.messages.first()
        assert first is not None and first.author_type == AuthorType.CUSTOMER
        assert first.created_at == ticket.created_at
        assert ticket.events.first().kind == EventKind.CREATED
        assert ticket.first_response_at == ticket.first_agent_reply
        assert (ticket.solved_at is not None) == (ticket.status in {Status.SOLVED, Status.CLOSED})
        assert (ticket.closed_at is not None) == (ticket.status == Status.CLOSED)
        assert ticket.updated_at >= ticket.created_at
        if ticket.status != Status.NEW:
            assert ticket.assignee_id is not None
    # Every message and note event points at its message.
    events = TicketEvent.objects.filter(kind__in=[EventKind.MESSAGE, EventKind.NOTE])
    message_ids = set(Message.objects.values_list("pk", flat=True))
    assert events.exists() and all(int(e.new_value) in message_ids for e in events)
    assert Ticket.objects.annotate(n=Count("tags")).filter(n__gt=0).exists()


def _agent_replies():
    from django.db.models import Q

    return Q(messages__author_type=AuthorType.AGENT, messages__kind=MessageKind.REPLY)


def test_the_demo_tickets_are_searchable():
    load_demo(tickets=60, customers=20)
    from frontdesk.accounts.models import User as Staff
    from frontdesk.tickets.access import tickets_for_actor
    from frontdesk.tickets.search import search_ticket_ids

    manager = Staff.objects.filter(role="manager").first()
    ticket = Ticket.objects.order_by("pk").first()
    assert ticket is not None and manager is not None
    word = max(ticket.subject.split(), key=len)
    found = search_ticket_ids(word, visible=tickets_for_actor(manager), include_internal=True)
    assert ticket.pk in found


def test_solved_demo_tickets_have_the_rows_solving_writes_and_close_on_time():
    from datetime import UTC, datetime, timedelta

    from frontdesk.resolution.models import SolvedTicket, SolveRecord
    from frontdesk.resolution.sweeps import do_sweep_resolution

    now = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)
    load_demo(tickets=200, customers=40, now=now)
    solved = Ticket.objects.filter(status=Status.SOLVED)
    ever_solved = Ticket.objects.filter(solved_at__isnull=False)
    assert set(SolvedTicket.objects.values_list("ticket_id", "solved_at")) == set(
        solved.values_list("pk", "solved_at")
    )
    assert SolveRecord.objects.count() == ever_solved.count()
    record = SolveRecord.objects.select_related("ticket", "actor").first()
    assert record.actor == record.ticket.assignee and record.created_at == record.ticket.solved_at
    assert record.answers and all(row["answer"] for row in record.answers)
    event = TicketEvent.objects.get(ticket=record.ticket, field="status", new_value=Status.SOLVED)
    assert event.note.startswith("✓ ")

    # Auto-close (after 4 days by default) closes exactly the tickets solved that long ago.
    cutoff = now - timedelta(days=4)
    old = set(solved.filter(solved_at__lte=cutoff).values_list("pk", flat=True))
    recent = set(solved.filter(solved_at__gt=cutoff).values_list("pk", flat=True))
    assert old and recent
    assert do_sweep_resolution(now=now).closed == len(old)
    assert set(Ticket.objects.filter(pk__in=old).values_list("status", flat=True)) == {
        Status.CLOSED
    }
    assert set(Ticket.objects.filter(pk__in=recent).values_list("status", flat=True)) == {
        Status.SOLVED
    }
    assert do_sweep_resolution(now=now + timedelta(days=4)).closed == len(recent)
