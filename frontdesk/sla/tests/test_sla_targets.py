"""SLA policies and per-ticket targets (S1): matching, due times, pauses, breaches."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from frontdesk.customers.models import Organization
from frontdesk.ops.scheduler import PERIODIC_TASKS
from frontdesk.sla.choices import TargetKind, TargetState
from frontdesk.sla.models import BusinessCalendar, SlaPolicy, SlaTarget
from frontdesk.sla.services import matching_policy
from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tasks import sweep_sla
from frontdesk.sla.tests.sla_support import office, only_policies, target, ticket, utc
from frontdesk.tickets.choices import Status
from frontdesk.tickets.services import do_add_message, do_update_ticket

FIRST, NEXT, RESOLUTION = TargetKind.FIRST_RESPONSE, TargetKind.NEXT_RESPONSE, TargetKind.RESOLUTION
MONDAY = utc(2026, 11, 16, 9, 0)  # a Monday, no holidays in the UTC office calendar
FRIDAY_LATE = utc(2026, 11, 20, 16, 55)  # an hour before closing
BASIC = {"first_response_minutes": 60, "next_response_minutes": 30, "resolution_minutes": 480}


def test_it_installs_a_default_policy_per_priority(db):
    defaults = {p.priority: p for p in SlaPolicy.objects.select_related("calendar")}
    assert set(defaults) == {"urgent", "high", "normal", "low"}
    assert (defaults["urgent"].first_response_minutes, defaults["urgent"].resolution_minutes) == (
        60,
        480,
    )
    assert defaults["low"].resolution_minutes == 5 * 24 * 60
    # The default policies use the hours of the ticket's team or branch, else the default.
    assert all(policy.calendar is None for policy in defaults.values())
    calendar = BusinessCalendar.objects.get(is_default=True).as_calendar()
    assert sorted(calendar.weekly_hours) == [0, 1, 2, 3, 4]
    assert calendar.holiday_country is None


def test_it_picks_the_first_active_matching_policy_by_position(personas):
    p = personas
    acme = Organization.objects.create(name="Acme")
    p.other_customer.organization = acme
    p.other_customer.save()
    _switched_off, chat, acme_policy, urgent, riga, anything = only_policies(
        {"active": False, **BASIC},
        {"channel": "chat", **BASIC},
        {"organization": acme, **BASIC},
        {"priority": "urgent", "ticket_type": "incident", **BASIC},
        {"branch": p.branch, **BASIC},
        BASIC,
    )
    cases = [
        (ticket(p.customer, MONDAY, channel="chat"), chat),
        (ticket(p.other_customer, MONDAY, channel="chat"), chat),  # position wins
        (ticket(p.other_customer, MONDAY), acme_policy),
        (ticket(p.customer, MONDAY, priority="urgent", type="incident"), urgent),
        (ticket(p.customer, MONDAY, priority="urgent", branch=p.branch), riga),
        (ticket(p.customer, MONDAY, priority="urgent"), anything),
    ]
    for made, expected in cases:
        assert matching_policy(made) == expected
        assert target(made, FIRST).policy == expected
    SlaPolicy.objects.update(active=False)
    bare = ticket(p.customer, MONDAY)
    assert not SlaTarget.objects.filter(ticket=bare).exists()


def test_it_sets_due_times_on_business_hours(personas):
    only_policies(BASIC)
    made = ticket(personas.customer, FRIDAY_LATE)
    first, resolution = target(made, FIRST), target(made, RESOLUTION)
    assert (first.state, first.started_at) == (TargetState.RUNNING, FRIDAY_LATE)
    assert first.due_at == utc(2026, 11, 23, 9, 55)  # Monday
    assert resolution.due_at == utc(2026, 11, 23, 16, 55)  # 5 min Friday + 7 h 55 Monday
    assert not SlaTarget.objects.filter(ticket=made, kind=NEXT).exists()
    after_closing = ticket(personas.customer, utc(2026, 11, 20, 17, 55))
    assert target(after_closing, FIRST).due_at == utc(2026, 11, 23, 10, 0)


def test_it_counts_calendar_time_when_the_policy_says_so(personas):
    only_policies({**BASIC, "business_hours": False})
    made = ticket(personas.customer, FRIDAY_LATE)
    assert target(made, FIRST).due_at == FRIDAY_LATE + timedelta(hours=1)


def test_it_skips_public_holidays_of_the_calendar_country(personas):
    riga = ZoneInfo("Europe/Riga")
    (policy,) = only_policies(BASIC)
    policy.calendar = BusinessCalendar.objects.create(
        name="Riga office",
        time_zone="Europe/Riga",
        weekly_hours={day: ["09:00-18:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
        holiday_country="LV",
    )
    policy.save()
    # 17:55 on the Friday before Labour Day (Monday 1 May 2028).
    made = ticket(personas.customer, datetime(2028, 4, 28, 17, 55, tzinfo=riga))
    assert target(made, FIRST).due_at == datetime(2028, 5, 2, 9, 55, tzinfo=riga)


def test_it_validates_calendars(db):
    for bad in (
        {"weekly_hours": {"mon": ["9-17"]}},
        {"weekly_hours": {"someday": ["09:00-17:00"]}},
        {"time_zone": "Mars/Olympus"},
        {"holiday_country": "XX"},
        {"closed_days": ["not a date"]},
        {"weekly_hours": {}},
    ):
        fields = {"name": "bad", "time_zone": "UTC", "weekly_hours": {"mon": ["09:00-17:00"]}}
        with pytest.raises(ValidationError):
            BusinessCalendar(**{**fields, **bad}).clean()
    good = BusinessCalendar(name="ok", always_open=True, closed_days=["2026-12-24"])
    good.clean()
    assert good.as_calendar().is_closed_day(datetime(2026, 12, 24).date())


def test_an_agent_reply_achieves_the_first_response(personas):
    only_policies(BASIC)
    made = ticket(personas.customer, MONDAY)
    do_add_message(actor=personas.agent, ticket=made, body="Note", internal=True, now=MONDAY)
    assert target(made, FIRST).state == TargetState.RUNNING  # notes do not count
    replied = MONDAY + timedelta(minutes=59)
    do_add_message(actor=personas.agent, ticket=made, body="On it", now=replied)
    first = target(made, FIRST)
    assert (first.state, first.achieved_at, first.breached_at) == (
        TargetState.ACHIEVED,
        replied,
        None,
    )


def test_a_late_agent_reply_records_a_breach(personas):
    only_policies(BASIC)
    made = ticket(personas.customer, MONDAY)
    replied = MONDAY + timedelta(minutes=61)
    do_add_message(actor=personas.agent, ticket=made, body="Sorry for the wait", now=replied)
    first = target(made, FIRST)
    assert first.state == TargetState.BREACHED
    assert (first.achieved_at, first.breached_at) == (replied, MONDAY + timedelta(hours=1))


def test_a_customer_reply_after_an_agent_reply_starts_the_next_response(personas):
    p = personas
    only_policies(BASIC)
    made = ticket(p.customer, MONDAY)
    do_add_message(actor=p.customer, ticket=made, body="Any news?", now=MONDAY)
    assert not SlaTarget.objects.filter(ticket=made, kind=NEXT).exists()
    do_add_message(actor=p.agent, ticket=made, body="Looking", now=MONDAY + timedelta(minutes=5))
    asked = MONDAY + timedelta(minutes=10)
    do_add_message(actor=p.customer, ticket=made, body="Thanks, and?", now=asked)
    do_add_message(actor=p.customer, ticket=made, body="Hello?", now=asked + timedelta(minutes=1))
    next_response = SlaTarget.objects.get(ticket=made, kind=NEXT)
    assert (next_response.started_at, next_response.due_at) == (
        asked,
        asked + timedelta(minutes=30),
    )
    answered = asked + timedelta(minutes=20)
    do_add_message(actor=p.agent, ticket=made, body="Fixed", now=answered)
    next_response.refresh_from_db()
    assert (next_response.state, next_response.achieved_at) == (TargetState.ACHIEVED, answered)


def test_pending_pauses_and_resumes_the_resolution_clock(personas):
    p = personas
    only_policies(BASIC)
    made = ticket(p.customer, MONDAY, assignee=p.agent)
    assert target(made, RESOLUTION).due_at == utc(2026, 11, 16, 17, 0)
    do_update_ticket(actor=p.agent, ticket=made, status=Status.PENDING, now=utc(2026, 11, 16, 10))
    paused = target(made, RESOLUTION)
    assert (paused.state, paused.due_at, paused.remaining_seconds) == (
        TargetState.PAUSED,
        None,
        7 * 3600,
    )
    do_sweep_sla(now=utc(2026, 11, 30))
    assert target(made, RESOLUTION).state == TargetState.PAUSED  # paused targets never breach
    # The customer answers on Tuesday 11:00: 7 business hours from then is Wednesday 10:00.
    do_add_message(actor=p.customer, ticket=made, body="Here it is", now=utc(2026, 11, 17, 11))
    resumed = target(made, RESOLUTION)
    assert resumed.state == TargetState.RUNNING
    assert resumed.due_at == utc(2026, 11, 18, 10, 0)
    assert resumed.paused_seconds == 25 * 3600


def test_on_hold_pauses_only_when_the_policy_says_so(personas):
    p = personas
    only_policies({"priority": "high", "pause_on_hold": False, **BASIC}, BASIC)
    high = ticket(p.customer, MONDAY, priority="high")
    normal = ticket(p.customer, MONDAY)
    for made in (high, normal):
        do_update_ticket(actor=p.admin, ticket=made, status=Status.ON_HOLD, now=MONDAY)
    assert target(high, RESOLUTION).state == TargetState.RUNNING
    assert target(normal, RESOLUTION).state == TargetState.PAUSED


def test_solving_achieves_and_reopening_runs_the_remaining_time(personas):
    p = personas
    only_policies(BASIC)
    made = ticket(p.customer, MONDAY, assignee=p.agent)
    do_update_ticket(actor=p.agent, ticket=made, status=Status.SOLVED, now=utc(2026, 11, 16, 12))
    solved = target(made, RESOLUTION)
    assert (solved.state, solved.achieved_at) == (TargetState.ACHIEVED, utc(2026, 11, 16, 12))
    # Solving answers the customer too: late here (due at 10:00), so breached.
    assert target(made, FIRST).achieved_at == utc(2026, 11, 16, 12)
    assert target(made, FIRST).state == TargetState.BREACHED
    # Reopened by the customer on Tuesday 09:00 with 5 business hours left: due 14:00.
    do_add_message(actor=p.customer, ticket=made, body="Broken again", now=utc(2026, 11, 17, 9))
    reopened = target(made, RESOLUTION)
    assert reopened.pk == solved.pk
    assert (reopened.state, reopened.achieved_at) == (TargetState.RUNNING, None)
    assert reopened.due_at == utc(2026, 11, 17, 14, 0)


def test_the_sweep_marks_overdue_targets_breached_once(personas):
    p = personas
    only_policies(BASIC)
    late = ticket(p.customer, MONDAY)
    later = ticket(p.customer, MONDAY + timedelta(hours=2))
    now = MONDAY + timedelta(hours=1, minutes=30)
    assert do_sweep_sla(now=now).breached == 1
    assert do_sweep_sla(now=now).breached == 0
    breached = target(late, FIRST)
    assert (breached.state, breached.breached_at, breached.achieved_at) == (
        TargetState.BREACHED,
        breached.due_at,
        None,
    )
    assert target(later, FIRST).state == TargetState.RUNNING
    # A reply after the sweep still records when the customer was answered.
    do_add_message(actor=p.agent, ticket=late, body="Sorry", now=now)
    answered = target(late, FIRST)
    assert (answered.state, answered.achieved_at) == (TargetState.BREACHED, now)


def test_the_sweep_runs_on_the_worker_beat(db):
    assert sweep_sla in PERIODIC_TASKS
    assert sweep_sla.call() == {"warned": 0, "breached": 0, "escalated": 0, "alerts": 0}


def test_a_priority_change_moves_targets_to_the_new_policy(personas):
    p = personas
    urgent, _normal = only_policies(
        {"priority": "urgent", "first_response_minutes": 30, "resolution_minutes": 120},
        BASIC,
    )
    made = ticket(p.customer, MONDAY)
    # 20 minutes used of the 60-minute target; the urgent one has 10 minutes left.
    now = MONDAY + timedelta(minutes=20)
    do_update_ticket(actor=p.admin, ticket=made, priority="urgent", now=now)
    first = target(made, FIRST)
    assert (first.policy, first.due_at) == (urgent, MONDAY + timedelta(minutes=30))
    assert target(made, RESOLUTION).due_at == MONDAY + timedelta(minutes=120)


def test_merging_stops_the_clocks_of_the_merged_ticket(personas):
    from frontdesk.tickets.services import do_merge_tickets

    p = personas
    only_policies(BASIC)
    keep = ticket(p.customer, MONDAY)
    duplicate = ticket(p.customer, MONDAY)
    do_merge_tickets(actor=p.admin, target=keep, sources=[duplicate])
    assert not SlaTarget.objects.filter(ticket=duplicate, achieved_at__isnull=True).exists()
    assert SlaTarget.objects.filter(ticket=keep, achieved_at__isnull=True).count() == 2


def test_office_helper_builds_a_valid_calendar(db):
    office(name="check").clean()


def test_the_app_registers_its_ticket_hooks_once(db):
    from django.apps import apps

    from frontdesk.sla import services
    from frontdesk.tickets import hooks

    apps.get_app_config("sla").ready()
    assert hooks.on_ticket_created.count(services.on_ticket_created) == 1
    assert hooks.on_ticket_changed.count(services.on_ticket_changed) == 1
