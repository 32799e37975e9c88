"""Several workers sweeping at once (PostgreSQL): each per-ticket follow-up goes out once
on its own day, and each action plan alerts its author once."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.conf import settings

from frontdesk.core.tests.concurrency import run_at_once
from frontdesk.resolution.services import do_create_action_plan, do_solve_ticket
from frontdesk.resolution.sweeps import do_sweep_resolution
from frontdesk.resolution.tests.support import make_ticket, utc, yes_to_all
from frontdesk.sla.models import DeadlineAlert
from frontdesk.tickets.choices import AuthorType, MessageKind
from frontdesk.tickets.models import Message

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
MONDAY = utc(2026, 11, 16, 9, 0)
TICKETS = 24
DAYS = (date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 19))  # Tue, Wed, Thu


def sweep_in_threads(now, workers: int = 3):
    return run_at_once(lambda: do_sweep_resolution(now=now, batch_size=5), workers)


@pytest.mark.skipif(ON_SQLITE, reason="SQLite runs one writer at a time; this race needs it")
@pytest.mark.django_db(transaction=True)
def test_workers_send_each_chosen_follow_up_and_each_plan_alert_once(personas, mailoutbox):
    by_day: dict[date, list[int]] = {day: [] for day in DAYS}
    plans = []
    for n in range(TICKETS):
        ticket = make_ticket(personas, now=MONDAY)
        day = DAYS[n % len(DAYS)]
        do_solve_ticket(
            actor=personas.agent,
            ticket=ticket,
            answers=yes_to_all(),
            follow_up=True,
            follow_up_on=day,
            now=MONDAY,
        )
        by_day[day].append(ticket.pk)
        planned = make_ticket(personas, now=MONDAY)
        do_create_action_plan(
            actor=personas.agent,
            ticket=planned,
            text=f"Plan {n}",
            due_at=MONDAY + timedelta(hours=2),
            now=MONDAY,
        )
        plans.append(planned.pk)

    assert sum(r.reminded for r in sweep_in_threads(MONDAY + timedelta(hours=1, minutes=30))) == (
        TICKETS
    )
    alerts = DeadlineAlert.objects.filter(kind="action_plan")
    assert sorted(alerts.values_list("plan_ticket_id", flat=True)) == sorted(plans)

    sent_so_far: list[int] = []
    for day in DAYS:
        nine = utc(day.year, day.month, day.day, 9, 0)
        assert sum(r.followed_up for r in sweep_in_threads(nine - timedelta(minutes=1))) == 0
        assert sum(r.followed_up for r in sweep_in_threads(nine)) == len(by_day[day])
        sent_so_far += by_day[day]
        follow_ups = Message.objects.filter(author_type=AuthorType.SYSTEM, kind=MessageKind.REPLY)
        counts = Counter(follow_ups.values_list("ticket_id", flat=True))
        assert sorted(counts) == sorted(sent_so_far) and set(counts.values()) == {1}
    assert len(mailoutbox) == TICKETS
