"""The SLA sweep in lanes (`sla.sweep_lanes`): several connections, the same result."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation

from frontdesk.sla import sweep, sweep_lanes
from frontdesk.sla.choices import AlertKind, TargetKind, TargetState
from frontdesk.sla.models import DeadlineAlert, SlaTarget
from frontdesk.sla.sweep import SweepResult, do_sweep_sla
from frontdesk.sla.tests.sla_support import escalating_tickets, utc
from frontdesk.sla.tests.test_sla_concurrent_sweeps import sweep_in_threads
from frontdesk.tickets.choices import EventKind, Priority
from frontdesk.tickets.models import Ticket, TicketEvent

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
MONDAY = utc(2026, 11, 16, 9, 0)
TICKETS = 31  # odd, so that the lanes differ in size
LATE = MONDAY + timedelta(minutes=85)  # first responses late, resolutions past 80 %


def _tickets(p, count: int = TICKETS) -> list[Ticket]:
    return escalating_tickets(p, count, MONDAY)


@pytest.mark.django_db
def test_lanes_split_the_due_targets_by_ticket_without_gaps_or_overlaps(personas):
    made = _tickets(personas, 12)
    due = SlaTarget.objects.filter(ticket__in=made)
    everything = set(due.values_list("pk", flat=True))
    for count in (2, 3, 5):
        lanes = [sweep_lanes.Lane(number, count).of(due) for number in range(count)]
        seen: list[int] = []
        for number, lane in enumerate(lanes):
            rows = list(lane.values_list("pk", "ticket_id"))
            assert all(ticket_id % count == number for _pk, ticket_id in rows)
            seen += [pk for pk, _ticket_id in rows]
        assert sorted(seen) == sorted(everything), count  # each target in exactly one lane
    assert sweep_lanes.Lane(0, 1).of(due) is due


@pytest.mark.django_db
def test_inside_a_transaction_the_sweep_runs_in_one_lane_and_sees_its_rows(personas):
    """A thread's connection cannot see uncommitted rows: inside a transaction (here the
    test's own) the sweep must not split, or it would miss these tickets."""
    made = _tickets(personas, 5)
    assert connection.in_atomic_block
    result = do_sweep_sla(now=LATE, lanes=4, batch_size=2)
    assert (result.breached, result.warned, result.escalated) == (5, 5, 5)
    assert SlaTarget.objects.filter(ticket__in=made, state=TargetState.BREACHED).count() == 5


@pytest.mark.skipif(ON_SQLITE, reason="lanes are PostgreSQL's: SQLite has one writer")
@pytest.mark.django_db(transaction=True)
def test_a_sweep_in_three_lanes_does_exactly_what_one_lane_does(personas):
    made = _tickets(personas)
    assert not connection.in_atomic_block
    with translation.override("lv"):
        result = do_sweep_sla(now=LATE, lanes=3, batch_size=4)
    assert result == SweepResult(
        warned=TICKETS, breached=TICKETS, escalated=TICKETS, alerts=TICKETS * 4
    )  # breach: anna, oskar, maria; warning: anna
    ids = [t.pk for t in made]
    breaches = TicketEvent.objects.filter(ticket_id__in=ids, kind=EventKind.SLA_BREACHED)
    assert sorted(breaches.values_list("ticket_id", flat=True)) == sorted(ids)  # once each
    raised = TicketEvent.objects.filter(ticket_id__in=ids, field="priority")
    assert sorted(raised.values_list("ticket_id", flat=True)) == sorted(ids)
    assert set(Ticket.objects.filter(pk__in=ids).values_list("priority", flat=True)) == {
        Priority.NORMAL
    }
    alerts = Counter(DeadlineAlert.objects.values_list("target_id", "kind", "recipient_id"))
    assert len(alerts) == TICKETS * 4 and set(alerts.values()) == {1}
    warned = SlaTarget.objects.filter(kind=TargetKind.RESOLUTION, warned_at__isnull=False)
    assert warned.count() == TICKETS
    # Every lane wrote in the caller's language, not the thread's default.
    notes = set(breaches.values_list("note", flat=True))
    assert all(note.startswith("Pirmā atbilde — termiņš ") for note in notes), notes
    escalations = set(raised.values_list("note", flat=True))
    assert escalations == {
        "Termiņš nokavēts (Pirmā atbilde): eskalēts saskaņā ar SLA politiku „policy 0”."
    }
    # Again at the same moment: nothing left, in any lane.
    assert do_sweep_sla(now=LATE, lanes=3, batch_size=4) == SweepResult()


@pytest.mark.skipif(ON_SQLITE, reason="lanes are PostgreSQL's: SQLite has one writer")
@pytest.mark.django_db(transaction=True)
def test_two_workers_each_in_two_lanes_still_do_everything_once(personas):
    made = _tickets(personas)
    with override_settings(FRONTDESK_SLA_SWEEP_LANES=2):
        results = sweep_in_threads(LATE, workers=2, batch_size=3)
    assert sum(r.breached for r in results) == sum(r.warned for r in results) == TICKETS
    assert sum(r.alerts for r in results) == TICKETS * 4
    assert DeadlineAlert.objects.filter(kind=AlertKind.BREACH).count() == TICKETS * 3
    per_ticket = Counter(
        TicketEvent.objects.filter(ticket__in=made, kind=EventKind.SLA_BREACHED).values_list(
            "ticket_id", flat=True
        )
    )
    assert len(per_ticket) == TICKETS and set(per_ticket.values()) == {1}


def test_the_number_of_lanes_comes_from_the_settings_and_fits_the_pool():
    with override_settings(FRONTDESK_SLA_SWEEP_LANES=1):
        assert sweep_lanes.configured() == 1
    with override_settings(FRONTDESK_SLA_SWEEP_LANES=4):
        assert sweep_lanes.configured() == min(4, sweep_lanes.pool_size())


@pytest.mark.skipif(ON_SQLITE, reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_ticket_held_too_long_ends_the_phase_and_the_next_sweep_goes_on(personas, monkeypatch):
    """An agent's transaction holds one ticket: the sweep waits `LOCK_WAIT`, gives up
    quietly (nothing half done) and the next sweep, once it is free, does the rest."""
    monkeypatch.setattr(sweep, "LOCK_WAIT", "300ms")
    made = _tickets(personas, 6)
    held = made[0]
    holding, release = threading.Event(), threading.Event()

    def agent() -> None:
        try:
            with transaction.atomic():
                Ticket.objects.select_for_update().get(pk=held.pk)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=agent)
    thread.start()
    try:
        assert holding.wait(10)
        first = do_sweep_sla(now=LATE, lanes=1, batch_size=100)
    finally:
        release.set()
        thread.join(10)
    assert first == SweepResult()  # the one batch held that ticket: rolled back whole
    assert not TicketEvent.objects.filter(kind=EventKind.SLA_BREACHED).exists()
    second = do_sweep_sla(now=LATE, lanes=1, batch_size=100)
    assert (second.breached, second.warned) == (6, 6)


@pytest.mark.skipif(ON_SQLITE, reason="lanes are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_the_workers_sweep_job_runs_in_lanes(personas, monkeypatch):
    """The job the beat enqueues runs outside a transaction: it gets the lanes."""
    from frontdesk.sla.tasks import sweep_sla

    escalating_tickets(personas, 4, MONDAY)
    monkeypatch.setattr(sweep, "BATCH", 3)  # 4 targets to breach: more than a batch
    used: list[int] = []
    real_run = sweep_lanes.run

    def spy(sweep_: object, count: int, work: object) -> None:
        used.append(count)
        real_run(sweep_, count, work)  # type: ignore[arg-type]

    monkeypatch.setattr(sweep_lanes, "run", spy)
    with override_settings(FRONTDESK_SLA_SWEEP_LANES=2):
        result = sweep_sla.call()
    assert used == [2]
    # Opened on 16 November 2026: by now both targets of each ticket are overdue.
    assert (result["breached"], result["warned"]) == (8, 0)


@pytest.mark.skipif(ON_SQLITE, reason="lanes are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_sweep_with_at_most_a_batch_to_do_stays_in_one_lane(personas, monkeypatch):
    escalating_tickets(personas, 4, MONDAY)
    used: list[int] = []
    monkeypatch.setattr(sweep_lanes, "run", lambda *args: used.append(args[1]))
    # 4 overdue; 8 past their warning point (the 4 overdue among them): one batch each.
    result = do_sweep_sla(now=LATE, lanes=2, batch_size=8)
    assert used == [] and (result.breached, result.warned) == (4, 4)
    assert do_sweep_sla(now=LATE, lanes=2, batch_size=8) == SweepResult()
    assert used == []
