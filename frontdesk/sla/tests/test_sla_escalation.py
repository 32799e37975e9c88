"""Breaches and their escalation (S3): who hears, priority raised, moved to a team; once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.accounts.choices import Role
from frontdesk.accounts.services import do_create_staff_user
from frontdesk.sla.choices import AlertKind, BreachNotify, TargetKind, TargetState
from frontdesk.sla.models import DeadlineAlert, SlaTarget
from frontdesk.sla.services import do_finish_live_target, do_start_live_target
from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tests.sla_support import only_policies, target, ticket, utc
from frontdesk.tickets.choices import EventKind, MessageKind, Priority
from frontdesk.tickets.models import Message, Ticket, TicketEvent

FIRST, RESOLUTION = TargetKind.FIRST_RESPONSE, TargetKind.RESOLUTION
MONDAY = utc(2026, 11, 16, 9, 0)
LATE = MONDAY + timedelta(minutes=61)
HOURLY = {"first_response_minutes": 60, "resolution_minutes": 600, "business_hours": False}


def recipients(kind: str = AlertKind.BREACH) -> set[str]:
    return {a.recipient.username for a in DeadlineAlert.objects.filter(kind=kind)}


@pytest.mark.parametrize(
    ("notify", "lead", "expected"),
    [
        (BreachNotify.TEAM_LEAD, True, {"anna", "oskar"}),
        (BreachNotify.TEAM_LEAD, False, {"anna", "maria"}),  # no lead: the managers
        (BreachNotify.MANAGERS, True, {"anna", "maria"}),
        (BreachNotify.LEAD_AND_MANAGERS, True, {"anna", "oskar", "maria"}),
        (BreachNotify.NOBODY, True, {"anna"}),
    ],
)
def test_a_breach_notifies_the_assignee_and_whom_the_policy_names(personas, notify, lead, expected):
    p = personas
    if lead:
        p.team.lead = p.other_agent
        p.team.save()
    only_policies({**HOURLY, "on_breach_notify": notify})
    made = ticket(p.customer, MONDAY, assignee=p.agent, team=p.team)
    result = do_sweep_sla(now=LATE)
    raised = notify in (BreachNotify.MANAGERS, BreachNotify.LEAD_AND_MANAGERS)
    assert (result.breached, result.alerts, result.escalated) == (1, len(expected), int(raised))
    assert recipients() == expected
    first = target(made, FIRST)
    assert (first.state, first.breached_at) == (TargetState.BREACHED, MONDAY + timedelta(hours=1))
    (event,) = TicketEvent.objects.filter(ticket=made, kind=EventKind.SLA_BREACHED)
    assert (event.new_value, event.note) == (FIRST, "First response due 2026-11-16 10:00 UTC")


@pytest.mark.parametrize("notify", [BreachNotify.MANAGERS, BreachNotify.LEAD_AND_MANAGERS])
def test_raising_a_breach_to_the_managers_escalates_the_ticket_once(personas, notify, client):
    p = personas
    only_policies({**HOURLY, "on_breach_notify": notify})
    made = ticket(p.customer, MONDAY, assignee=p.agent, team=p.team)
    calm = ticket(p.customer, MONDAY + timedelta(minutes=30), assignee=p.agent, team=p.team)
    do_sweep_sla(now=LATE)
    made.refresh_from_db()
    assert made.escalated_at == LATE
    assert "Deadline missed (First response)" in made.escalation_reason
    (event,) = TicketEvent.objects.filter(ticket=made, kind=EventKind.ESCALATED)
    assert event.actor_user_id is None and event.note == made.escalation_reason
    calm.refresh_from_db()
    assert calm.escalated_at is None  # not breached yet
    # The managers' inbox shows the escalated ticket first, though the other is due sooner.
    client.force_login(p.manager)
    page = client.get("/inbox/?sort=deadline").content.decode()
    assert page.index(made.reference) < page.index(calm.reference)
    # The resolution breach later does not escalate it a second time.
    do_sweep_sla(now=MONDAY + timedelta(hours=11))
    assert TicketEvent.objects.filter(ticket=made, kind=EventKind.ESCALATED).count() == 1


def test_inactive_people_get_no_alerts(personas):
    p = personas
    p.team.lead = p.other_agent
    p.team.save()
    p.other_agent.is_active = False
    p.other_agent.save()
    only_policies(HOURLY)
    ticket(p.customer, MONDAY, assignee=p.agent, team=p.team)
    do_sweep_sla(now=LATE)
    assert recipients() == {"anna", "maria"}  # an inactive lead counts as none


def test_a_breach_raises_priority_and_moves_the_ticket_to_a_team(personas):
    p = personas
    p.other_team.lead = p.other_agent
    p.other_team.save()
    urgent, normal = only_policies(
        {"priority": "urgent", **HOURLY, "resolution_minutes": 120},
        {
            **HOURLY,
            "on_breach_raise_priority": True,
            "on_breach_reassign_to_team": p.other_team,
        },
    )
    made = ticket(p.customer, MONDAY, assignee=p.agent, team=p.team, priority=Priority.HIGH)
    result = do_sweep_sla(now=LATE)
    assert (result.breached, result.escalated) == (1, 1)
    made.refresh_from_db()
    assert (made.priority, made.team, made.assignee, made.transfer_count) == (
        Priority.URGENT,
        p.other_team,
        None,
        1,
    )
    changes = {
        e.field: (e.kind, e.old_value, e.new_value)
        for e in TicketEvent.objects.filter(ticket=made, created_at=LATE).exclude(field="sla")
        if e.field
    }
    assert changes == {
        "priority": (EventKind.CHANGED, "high", "urgent"),
        "team": (EventKind.TRANSFER, "Riga shop", "Ljubljana shop"),
        "assignee": (EventKind.TRANSFER, "anna", ""),
    }
    note = Message.objects.get(ticket=made, kind=MessageKind.NOTE)
    assert "First response" in note.body and normal.name in note.body
    # The higher priority selects the urgent policy: the resolution target moved to it.
    resolution = target(made, RESOLUTION)
    assert (resolution.policy, resolution.due_at) == (urgent, MONDAY + timedelta(hours=2))
    # The first response stays breached on the policy it missed.
    assert target(made, FIRST).policy == normal


def test_urgent_stays_urgent_and_the_same_team_is_no_move(personas):
    p = personas
    only_policies(
        {**HOURLY, "on_breach_raise_priority": True, "on_breach_reassign_to_team": p.team}
    )
    made = ticket(p.customer, MONDAY, assignee=p.agent, team=p.team, priority=Priority.URGENT)
    assert do_sweep_sla(now=LATE).escalated == 0
    made.refresh_from_db()
    assert (made.priority, made.assignee) == (Priority.URGENT, p.agent)


def test_sweeping_twice_escalates_and_notifies_once(personas):
    p = personas
    do_create_staff_user(username="mirko", role=Role.MANAGER, password="x" * 20)
    only_policies(
        {
            **HOURLY,
            "on_breach_notify": BreachNotify.LEAD_AND_MANAGERS,
            "on_breach_raise_priority": True,
        }
    )
    tickets = [
        ticket(p.customer, MONDAY + timedelta(minutes=n), assignee=p.agent, priority=Priority.LOW)
        for n in range(7)
    ]
    now = MONDAY + timedelta(minutes=55)  # every first response past 80 % ...
    first = do_sweep_sla(now=now, batch_size=3)
    again = do_sweep_sla(now=now, batch_size=3)
    assert (first.warned, again.warned) == (7, 0)
    later = MONDAY + timedelta(hours=2)  # ... then all late
    first = do_sweep_sla(now=later, batch_size=3)
    again = do_sweep_sla(now=later, batch_size=3)
    assert (first.breached, first.escalated, first.alerts) == (7, 7, 7 * 3)
    assert (again.breached, again.escalated, again.alerts) == (0, 0, 0)
    assert set(
        Ticket.objects.filter(pk__in=[t.pk for t in tickets]).values_list("priority", flat=True)
    ) == {Priority.NORMAL}
    for kind, count in ((EventKind.SLA_WARNING, 0), (EventKind.SLA_BREACHED, 7)):
        assert TicketEvent.objects.filter(kind=kind).count() == count
    assert DeadlineAlert.objects.filter(kind=AlertKind.WARNING).count() == 7


def test_a_missed_phone_hold_is_recorded_without_alerts(personas):
    p = personas
    only_policies({**HOURLY, "phone_hold_seconds": 60, "on_breach_raise_priority": True})
    made = ticket(p.customer, MONDAY, assignee=p.agent, channel="phone")
    hold = do_start_live_target(ticket=made, kind=TargetKind.PHONE_HOLD, now=MONDAY)
    assert hold is not None and hold.warn_at is None
    result = do_sweep_sla(now=MONDAY + timedelta(seconds=90))
    assert (result.breached, result.alerts, result.escalated) == (1, 0, 0)
    hold.refresh_from_db()
    assert hold.state == TargetState.BREACHED
    ended = do_finish_live_target(
        ticket=made, kind=TargetKind.PHONE_HOLD, now=MONDAY + timedelta(seconds=95)
    )
    assert ended is not None and ended.achieved_at == MONDAY + timedelta(seconds=95)
    made.refresh_from_db()
    assert made.priority == Priority.NORMAL
    assert SlaTarget.objects.filter(ticket=made, kind=TargetKind.PHONE_HOLD).count() == 1
