"""Two workers sweeping the same due targets at once (PostgreSQL): everything happens once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection

from frontdesk.core.tests.concurrency import run_at_once
from frontdesk.sla.choices import AlertKind, TargetKind
from frontdesk.sla.models import DeadlineAlert, SlaTarget
from frontdesk.sla.sweep import SweepResult, do_sweep_sla
from frontdesk.sla.tests.sla_support import escalating_tickets, only_policies, ticket, utc
from frontdesk.tickets.choices import EventKind, Priority
from frontdesk.tickets.models import Ticket, TicketEvent

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
MONDAY = utc(2026, 11, 16, 9, 0)
TICKETS = 60


def sweep_in_threads(now, workers: int = 2, batch_size: int = 7) -> list[SweepResult]:
    """Run `workers` sweeps at the same moment, each thread on its own connection."""
    return run_at_once(lambda: do_sweep_sla(now=now, batch_size=batch_size), workers)


@pytest.mark.skipif(
    ON_SQLITE, reason="SQLite runs one writer at a time; this race needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_warn_breach_and_escalate_each_target_once(personas):
    assert connection.vendor == "postgresql"
    made = escalating_tickets(personas, TICKETS, MONDAY)
    # At 85 minutes every first response is late and every resolution past 80 %.
    results = sweep_in_threads(MONDAY + timedelta(minutes=85))
    assert sum(r.breached for r in results) == TICKETS
    assert sum(r.warned for r in results) == TICKETS
    assert sum(r.escalated for r in results) == TICKETS
    assert sum(r.alerts for r in results) == TICKETS * 4  # breach: 3 people, warning: 1

    ids = [t.pk for t in made]
    per_ticket = Counter(
        TicketEvent.objects.filter(ticket_id__in=ids, kind=EventKind.SLA_BREACHED).values_list(
            "ticket_id", flat=True
        )
    )
    assert set(per_ticket.values()) == {1} and len(per_ticket) == TICKETS
    warned = SlaTarget.objects.filter(ticket_id__in=ids, warned_at__isnull=False)
    assert warned.count() == TICKETS  # each warning claimed once
    raised = Counter(
        TicketEvent.objects.filter(ticket_id__in=ids, field="priority").values_list(
            "ticket_id", flat=True
        )
    )
    assert set(raised.values()) == {1} and len(raised) == TICKETS
    assert set(Ticket.objects.filter(pk__in=ids).values_list("priority", flat=True)) == {
        Priority.NORMAL
    }
    alerts = Counter(DeadlineAlert.objects.values_list("target_id", "kind", "recipient_id"))
    assert set(alerts.values()) == {1}
    breaches = DeadlineAlert.objects.filter(kind=AlertKind.BREACH)
    assert set(breaches.values_list("recipient__username", flat=True)) == {"anna", "oskar", "maria"}
    assert SlaTarget.objects.filter(kind=TargetKind.RESOLUTION, warned_at__isnull=True).count() == 0

    # Both again, later: nothing left to do for either.
    again = sweep_in_threads(MONDAY + timedelta(minutes=86))
    assert all(r == SweepResult() for r in again)


@pytest.mark.skipif(
    ON_SQLITE, reason="SQLite runs one writer at a time; this race needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_the_conditional_update_alone_lets_one_worker_win_each_row(personas, monkeypatch):
    """Without the ticket locks both workers pick the same rows; the claim decides."""
    # Every thread's connection: read the tickets without locking them.
    monkeypatch.setattr(type(connection.features), "has_select_for_update_skip_locked", False)
    p = personas
    only_policies(
        {"first_response_minutes": 60, "resolution_minutes": 100, "business_hours": False}
    )
    for n in range(TICKETS):
        ticket(p.customer, MONDAY + timedelta(seconds=n), assignee=p.agent)
    results = sweep_in_threads(MONDAY + timedelta(minutes=85), workers=3, batch_size=5)
    assert sum(r.breached for r in results) == sum(r.warned for r in results) == TICKETS
    assert DeadlineAlert.objects.count() == TICKETS * 3  # anna's warning, anna's and maria's breach
    assert TicketEvent.objects.filter(kind="sla_breached").count() == TICKETS
