"""Warnings before a deadline (S3): the warning time, the sweep, once per target."""

from __future__ import annotations

from datetime import timedelta

from frontdesk.sla.choices import AlertKind, TargetKind, TargetState
from frontdesk.sla.models import DeadlineAlert, SlaTarget
from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tests.sla_support import only_policies, target, ticket, utc
from frontdesk.tickets.choices import EventKind, Status
from frontdesk.tickets.models import TicketEvent
from frontdesk.tickets.services import do_add_message, do_update_ticket

FIRST, RESOLUTION = TargetKind.FIRST_RESPONSE, TargetKind.RESOLUTION
MONDAY = utc(2026, 11, 16, 9, 0)
HOURLY = {"first_response_minutes": 60, "resolution_minutes": 600, "business_hours": False}


def warnings(made: object) -> list[SlaTarget]:
    """The ticket's targets that were warned about."""
    return list(SlaTarget.objects.filter(ticket=made, warned_at__isnull=False))


def test_it_sets_the_warning_time_with_the_due_time(personas):
    only_policies({"first_response_minutes": 60, "resolution_minutes": 480})
    made = ticket(personas.customer, utc(2026, 11, 20, 16, 30))  # Friday, 30 min before closing
    first = target(made, FIRST)
    # 80 % of 60 business minutes = 48: 30 on Friday, 18 on Monday morning.
    assert (first.warn_at, first.due_at) == (utc(2026, 11, 23, 9, 18), utc(2026, 11, 23, 9, 30))
    assert (first.warned_at, first.target_seconds) == (None, 3600)


def test_it_moves_the_warning_time_with_pauses(personas):
    p = personas
    only_policies(HOURLY)
    made = ticket(p.customer, MONDAY, assignee=p.agent)
    assert target(made, RESOLUTION).warn_at == MONDAY + timedelta(minutes=480)
    do_update_ticket(
        actor=p.agent, ticket=made, status=Status.PENDING, now=MONDAY + timedelta(hours=1)
    )
    paused = target(made, RESOLUTION)
    assert (paused.state, paused.warn_at) == (TargetState.PAUSED, None)
    # Two hours later the customer answers: 9 h left, the warning 7 h from then.
    resumed_at = MONDAY + timedelta(hours=3)
    do_add_message(actor=p.customer, ticket=made, body="Here", now=resumed_at)
    resumed = target(made, RESOLUTION)
    assert resumed.warn_at == resumed_at + timedelta(hours=7)
    assert resumed.due_at == resumed_at + timedelta(hours=9)


def test_a_policy_can_switch_warnings_off(personas):
    only_policies({**HOURLY, "warn_at_percent": 0})
    made = ticket(personas.customer, MONDAY)
    assert target(made, FIRST).warn_at is None
    assert do_sweep_sla(now=MONDAY + timedelta(minutes=59)).warned == 0


def test_it_warns_the_assignee_once_at_80_percent(personas):
    p = personas
    only_policies(HOURLY)
    made = ticket(p.customer, MONDAY, assignee=p.agent, team=p.team)
    assert do_sweep_sla(now=MONDAY + timedelta(minutes=47)).warned == 0
    at_80 = MONDAY + timedelta(minutes=48)
    result = do_sweep_sla(now=at_80)
    assert (result.warned, result.breached, result.alerts) == (1, 0, 1)
    first = target(made, FIRST)
    assert (first.state, first.warned_at) == (TargetState.RUNNING, at_80)
    assert warnings(made) == [first]
    # A nudge to staff, not an event of the ticket: no history entry.
    assert not TicketEvent.objects.filter(ticket=made, kind=EventKind.SLA_WARNING).exists()
    (alert,) = DeadlineAlert.objects.all()
    assert (alert.recipient, alert.ticket, alert.target, alert.kind) == (
        p.agent,
        made,
        first,
        AlertKind.WARNING,
    )
    assert (alert.due_at, alert.read_at) == (first.due_at, None)
    # Later sweeps, before the deadline, warn nobody again.
    for minutes in (49, 55, 59):
        assert do_sweep_sla(now=MONDAY + timedelta(minutes=minutes)).warned == 0
    assert len(warnings(made)) == 1 and DeadlineAlert.objects.count() == 1


def test_an_unassigned_ticket_warns_its_team_lead(personas):
    p = personas
    p.team.lead = p.other_agent
    p.team.save()
    only_policies(HOURLY)
    made = ticket(p.customer, MONDAY, team=p.team)
    unowned = ticket(p.customer, MONDAY)  # no team, nobody assigned: recorded, no alert
    result = do_sweep_sla(now=MONDAY + timedelta(minutes=50))
    assert (result.warned, result.alerts) == (2, 1)
    assert DeadlineAlert.objects.get().recipient == p.other_agent
    assert len(warnings(made)) == len(warnings(unowned)) == 1


def test_an_answered_target_is_not_warned_about(personas):
    p = personas
    only_policies(HOURLY)
    made = ticket(p.customer, MONDAY, assignee=p.agent)
    do_add_message(actor=p.agent, ticket=made, body="On it", now=MONDAY + timedelta(minutes=10))
    assert target(made, FIRST).warn_at is None
    assert do_sweep_sla(now=MONDAY + timedelta(minutes=50)).warned == 0


def test_an_overdue_target_is_breached_not_warned(personas):
    p = personas
    only_policies(HOURLY)
    made = ticket(p.customer, MONDAY, assignee=p.agent)
    result = do_sweep_sla(now=MONDAY + timedelta(minutes=61))  # the sweep missed the 80 %
    assert (result.warned, result.breached) == (0, 1)
    first = target(made, FIRST)
    assert (first.state, first.warn_at, first.warned_at) == (TargetState.BREACHED, None, None)
    assert warnings(made) == []


def test_a_warned_target_is_not_warned_again_after_a_pause(personas):
    p = personas
    only_policies(HOURLY)
    made = ticket(p.customer, MONDAY, assignee=p.agent)
    do_sweep_sla(now=MONDAY + timedelta(hours=8, minutes=5))  # resolution at 80 %+
    do_update_ticket(
        actor=p.agent, ticket=made, status=Status.PENDING, now=MONDAY + timedelta(hours=9)
    )
    do_add_message(actor=p.customer, ticket=made, body="Back", now=MONDAY + timedelta(hours=10))
    resumed = target(made, RESOLUTION)
    assert resumed.warned_at is not None and resumed.warn_at is None
    assert do_sweep_sla(now=MONDAY + timedelta(hours=10, minutes=30)).warned == 0


def test_an_empty_sweep_is_two_indexed_queries(personas, django_assert_max_num_queries):
    only_policies(HOURLY)
    ticket(personas.customer, MONDAY)
    with django_assert_max_num_queries(2):
        assert do_sweep_sla(now=MONDAY).warned == 0
    assert SlaTarget.objects.count() == 2
