"""Business hours per team and branch (S1): which calendar a ticket's targets run on."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from frontdesk.accounts.models import Branch, Team
from frontdesk.sla.calendar_services import do_set_branch_calendar, do_set_team_calendar
from frontdesk.sla.choices import TargetKind
from frontdesk.sla.models import ALWAYS_OPEN, BusinessCalendar, SlaPolicy
from frontdesk.sla.tests.sla_support import WORKWEEK, target, ticket, utc
from frontdesk.sla.ticket_hours import ticket_calendar
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_update_ticket

RIGA = ZoneInfo("Europe/Riga")
FIRST = TargetKind.FIRST_RESPONSE


def team_policy(**fields: object) -> SlaPolicy:
    """The only active policy: business hours of the ticket's team (no calendar)."""
    SlaPolicy.objects.update(active=False)
    values = {"name": "Team hours", "position": 1, "first_response_minutes": 60}
    return SlaPolicy.objects.create(**{**values, **fields})


def riga_calendar() -> BusinessCalendar:
    return BusinessCalendar.objects.create(
        name="Riga", time_zone="Europe/Riga", weekly_hours=WORKWEEK, holiday_country="LV"
    )


def test_a_policy_clock_is_24_7_its_own_calendar_or_the_team_hours():
    """Pure: no database. The policy's own calendar wins over the team's hours."""
    own = BusinessCalendar(name="own", time_zone="Europe/Riga", weekly_hours=WORKWEEK)
    team_hours = BusinessCalendar(name="team", always_open=True).as_calendar()
    cases = [
        # business_hours, policy calendar, expected
        (False, own, ALWAYS_OPEN),
        (False, None, ALWAYS_OPEN),
        (True, own, own.as_calendar()),
        (True, None, team_hours),
    ]
    for business_hours, calendar, expected in cases:
        policy = SlaPolicy(name="p", business_hours=business_hours, calendar=calendar)
        assert policy.clock(team_hours) == expected, (business_hours, calendar)


@pytest.mark.parametrize(
    ("team_has", "team_branch_has", "ticket_branch_has", "default", "expected"),
    [
        (True, True, True, True, "team"),
        (False, True, True, True, "team branch"),
        (False, False, True, True, "ticket branch"),
        (False, False, False, True, "default"),
        (False, False, False, False, None),
        (True, False, False, False, "team"),
        (False, True, False, False, "team branch"),
    ],
)
def test_it_chooses_the_team_then_branch_then_default_calendar(
    personas, team_has, team_branch_has, ticket_branch_has, default, expected
):
    p = personas
    BusinessCalendar.objects.update(is_default=False)
    made = {
        name: BusinessCalendar.objects.create(name=name, always_open=True)
        for name in ("team", "team branch", "ticket branch", "default")
    }
    if team_has:
        do_set_team_calendar(actor=p.admin, team=p.team, calendar=made["team"])
    if team_branch_has:
        do_set_branch_calendar(actor=p.admin, branch=p.branch, calendar=made["team branch"])
    if ticket_branch_has:
        do_set_branch_calendar(actor=p.admin, branch=p.other_branch, calendar=made["ticket branch"])
    if default:
        BusinessCalendar.objects.filter(pk=made["default"].pk).update(is_default=True)
    one = Ticket(team=p.team, branch=p.other_branch)
    chosen = ticket_calendar(one)
    assert (chosen.name if chosen else None) == expected


def test_a_ticket_without_team_or_branch_uses_the_default(personas):
    default = BusinessCalendar.objects.get(is_default=True)
    assert ticket_calendar(Ticket()) == default


def test_a_riga_team_skips_the_latvian_holiday_and_a_24_7_team_does_not(personas):
    p = personas
    team_policy()
    do_set_team_calendar(actor=p.admin, team=p.team, calendar=riga_calendar())
    always = BusinessCalendar.objects.create(name="Round the clock", always_open=True)
    do_set_team_calendar(actor=p.admin, team=p.other_team, calendar=always)
    # 17:55 on Friday 15 November 2024: Monday the 18th is Proclamation Day in Latvia.
    opened = datetime(2024, 11, 15, 17, 55, tzinfo=RIGA)
    in_riga = ticket(p.customer, opened, team=p.team)
    round_the_clock = ticket(p.customer, opened, team=p.other_team)
    assert target(in_riga, FIRST).due_at == datetime(2024, 11, 19, 10, 0, tzinfo=RIGA)
    assert target(round_the_clock, FIRST).due_at == opened + timedelta(hours=1)


def test_a_branch_calendar_serves_its_teams_and_a_policy_calendar_wins(personas):
    p = personas
    policy = team_policy()
    do_set_branch_calendar(actor=p.admin, branch=p.branch, calendar=riga_calendar())
    opened = datetime(2024, 11, 15, 17, 55, tzinfo=RIGA)
    assert target(ticket(p.customer, opened, team=p.team), FIRST).due_at == datetime(
        2024, 11, 19, 10, 0, tzinfo=RIGA
    )
    policy.business_hours = False
    policy.save()
    assert target(ticket(p.customer, opened, team=p.team), FIRST).due_at == opened + timedelta(
        hours=1
    )
    policy.business_hours = True
    policy.calendar = BusinessCalendar.objects.create(name="UTC 24/7", always_open=True)
    policy.save()
    assert target(ticket(p.customer, opened, team=p.team), FIRST).due_at == opened + timedelta(
        hours=1
    )


def test_a_change_of_team_hours_applies_to_due_times_computed_afterwards(personas):
    p = personas
    team_policy(resolution_minutes=120)
    monday = utc(2026, 11, 16, 8, 0)  # before the UTC office opens
    made = ticket(p.customer, monday, team=p.team)
    assert target(made, FIRST).due_at == utc(2026, 11, 16, 10, 0)  # default: UTC office
    # Pending pauses the resolution target with its 120 minutes left.
    do_update_ticket(actor=p.admin, ticket=made, status="pending", now=monday)
    always = BusinessCalendar.objects.create(name="Round the clock", always_open=True)
    do_set_team_calendar(actor=p.admin, team=p.team, calendar=always)
    made.refresh_from_db()
    assert target(made, FIRST).due_at == utc(2026, 11, 16, 10, 0)  # not recomputed
    # Resuming computes a new due time, on the team's new 24/7 hours.
    later = monday + timedelta(minutes=30)
    do_update_ticket(actor=p.admin, ticket=made, status="open", now=later)
    assert target(made, TargetKind.RESOLUTION).due_at == later + timedelta(minutes=120)
    fresh = ticket(p.customer, monday, team=p.team)
    assert target(fresh, FIRST).due_at == monday + timedelta(hours=1)


def test_team_hours_cost_one_query_per_new_ticket(personas, django_assert_max_num_queries):
    """The calendar is looked up once per ticket, not once per target."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    p = personas
    team_policy(resolution_minutes=600)
    do_set_team_calendar(actor=p.admin, team=p.team, calendar=riga_calendar())
    ticket(p.customer, utc(2026, 11, 16, 8, 0), team=p.team)  # warm caches
    with CaptureQueriesContext(connection) as captured:
        ticket(p.customer, utc(2026, 11, 16, 8, 0), team=p.team)
    lookups = [q for q in captured.captured_queries if "sla_teamhours" in q["sql"]]
    assert len(lookups) == 1


def test_deleting_a_team_or_branch_drops_its_hours(personas):
    p = personas
    calendar = riga_calendar()
    team = Team.objects.create(name="Night shift")
    branch = Branch.objects.create(name="Daugavpils")
    do_set_team_calendar(actor=p.admin, team=team, calendar=calendar)
    do_set_branch_calendar(actor=p.admin, branch=branch, calendar=calendar)
    team.delete()
    branch.delete()
    assert not calendar.team_hours.exists() and not calendar.branch_hours.exists()
