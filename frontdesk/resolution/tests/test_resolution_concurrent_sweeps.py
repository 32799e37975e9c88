"""Several workers sweeping at the same moment (PostgreSQL): every reminder, follow-up and
auto-close happens once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings

from frontdesk.core.tests.concurrency import run_at_once
from frontdesk.resolution.models import ResolutionSettings
from frontdesk.resolution.services import do_create_action_plan, do_solve_ticket
from frontdesk.resolution.sweeps import SweepResult, do_sweep_resolution
from frontdesk.resolution.tests.support import make_ticket, utc, yes_to_all
from frontdesk.tickets.choices import AuthorType, MessageKind, Status
from frontdesk.tickets.models import Message, Ticket, TicketEvent

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
MONDAY = utc(2026, 11, 16, 9, 0)
TICKETS = 30


def sweep_in_threads(now, workers: int = 3, batch_size: int = 7) -> list[SweepResult]:
    """Run `workers` sweeps at the same moment, each thread on its own connection."""
    return run_at_once(lambda: do_sweep_resolution(now=now, batch_size=batch_size), workers)


@pytest.mark.skipif(ON_SQLITE, reason="SQLite runs one writer at a time; this race needs it")
@pytest.mark.django_db(transaction=True)
def test_workers_remind_follow_up_and_close_each_ticket_once(personas, mailoutbox):
    config = ResolutionSettings.current()
    config.follow_up_days, config.auto_close_days = 2, 4
    config.save()
    planned = []
    solved = []
    for n in range(TICKETS):
        ticket = make_ticket(personas, now=MONDAY)
        do_create_action_plan(
            actor=personas.agent,
            ticket=ticket,
            text=f"Plan {n}",
            due_at=MONDAY + timedelta(hours=2),
            now=MONDAY,
        )
        planned.append(ticket.pk)
        ticket = make_ticket(personas, now=MONDAY)
        do_solve_ticket(actor=personas.agent, ticket=ticket, answers=yes_to_all(), now=MONDAY)
        solved.append(ticket.pk)

    reminded = sweep_in_threads(MONDAY + timedelta(hours=1, minutes=30))
    assert sum(r.reminded for r in reminded) == TICKETS
    notes = Message.objects.filter(
        ticket_id__in=planned, kind=MessageKind.NOTE, author_type=AuthorType.SYSTEM
    )
    assert set(Counter(notes.values_list("ticket_id", flat=True)).values()) == {1}

    followed = sweep_in_threads(MONDAY + timedelta(days=2))
    assert sum(r.followed_up for r in followed) == TICKETS
    assert len(mailoutbox) == TICKETS
    assert len({mail.to[0] + mail.extra_headers["Message-ID"] for mail in mailoutbox}) == TICKETS

    closed = sweep_in_threads(MONDAY + timedelta(days=4))
    assert sum(r.closed for r in closed) == TICKETS
    assert set(Ticket.objects.filter(pk__in=solved).values_list("status", flat=True)) == {
        Status.CLOSED
    }
    closes = TicketEvent.objects.filter(ticket_id__in=solved, new_value=Status.CLOSED)
    assert closes.count() == TICKETS

    assert all(r == SweepResult() for r in sweep_in_threads(MONDAY + timedelta(days=5)))
