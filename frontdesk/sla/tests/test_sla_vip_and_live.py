"""The VIP boost (T9, off by default) and the live-channel targets (S2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from frontdesk.core.errors import Invalid
from frontdesk.customers.models import Organization
from frontdesk.sla import rules
from frontdesk.sla.choices import TargetKind, TargetState
from frontdesk.sla.models import QueueSettings, SlaPolicy
from frontdesk.sla.services import do_finish_live_target, do_start_live_target
from frontdesk.sla.tests.sla_support import only_policies, target, ticket, utc
from frontdesk.tickets.queries import InboxFilters, inbox_page

FIRST, RESOLUTION = TargetKind.FIRST_RESPONSE, TargetKind.RESOLUTION
MONDAY = utc(2026, 11, 16, 9, 0)
HOURLY = {"first_response_minutes": 60, "resolution_minutes": 600, "business_hours": False}


def boost(minutes: int) -> None:
    settings = QueueSettings.current()
    settings.vip_boost_minutes = minutes
    settings.save()


def test_the_vip_boost_is_off_by_default(personas):
    p = personas
    only_policies(HOURLY)
    p.customer.vip = True
    p.customer.save()
    assert QueueSettings.current().vip_boost_minutes == 0
    made = ticket(p.customer, MONDAY)
    first = target(made, FIRST)
    assert (first.due_at, first.vip_boost_minutes) == (MONDAY + timedelta(hours=1), 0)


def test_the_vip_boost_brings_vip_due_times_forward(personas):
    p = personas
    only_policies(HOURLY)
    boost(20)
    p.customer.vip = True
    p.customer.save()
    vip = ticket(p.customer, MONDAY)
    regular = ticket(p.other_customer, MONDAY)
    first = target(vip, FIRST)
    assert (first.due_at, first.target_seconds, first.vip_boost_minutes) == (
        MONDAY + timedelta(minutes=40),
        40 * 60,
        20,
    )
    assert first.warn_at == MONDAY + timedelta(minutes=32)  # 80 % of the shorter target
    assert target(vip, RESOLUTION).due_at == MONDAY + timedelta(minutes=580)
    assert (target(regular, FIRST).due_at, target(regular, FIRST).vip_boost_minutes) == (
        MONDAY + timedelta(hours=1),
        0,
    )


def test_a_vip_organization_boosts_its_customers(personas):
    p = personas
    only_policies(HOURLY)
    boost(90)  # longer than the first-response target: due at once, never negative
    p.other_customer.organization = Organization.objects.create(name="Acme", vip=True)
    p.other_customer.save()
    made = ticket(p.other_customer, MONDAY)
    assert (target(made, FIRST).due_at, target(made, FIRST).vip_boost_minutes) == (MONDAY, 90)


def test_the_boost_keeps_to_the_deadline_order(personas):
    p = personas
    only_policies({"priority": "urgent", **HOURLY}, {"priority": "normal", **HOURLY}, {**HOURLY})
    boost(30)
    p.customer.vip = True
    p.customer.save()
    now = MONDAY
    urgent = ticket(p.other_customer, now, priority="urgent", team=p.team)
    vip_normal = ticket(p.customer, now + timedelta(minutes=10), team=p.team)
    normal = ticket(p.other_customer, now, team=p.team)
    rows = inbox_page(p.agent, InboxFilters(view="all", sort="deadline")).tickets
    # Due: VIP 10:10 - 0:30 = 9:40, urgent 10:00, normal 10:00 (priority breaks the tie).
    assert [t.pk for t in rows] == [vip_normal.pk, urgent.pk, normal.pk]
    boost(0)
    late_vip = ticket(p.customer, now + timedelta(minutes=10), team=p.team)
    assert target(late_vip, FIRST).due_at == now + timedelta(minutes=70)


# --- live channels -----------------------------------------------------------------


def test_policies_have_the_30_and_60_second_rules(db):
    policy = SlaPolicy.objects.filter(active=True).first()
    assert policy is not None
    assert policy.seconds_for(TargetKind.CHAT_GREETING) == 30
    assert policy.seconds_for(TargetKind.PHONE_HOLD) == 60
    assert policy.seconds_for(TargetKind.FIRST_RESPONSE) == policy.first_response_minutes * 60


def test_the_chat_greeting_runs_in_seconds_of_real_time(personas):
    p = personas
    only_policies({"first_response_minutes": 60})  # business hours: closed at night
    night = utc(2026, 11, 16, 23, 0)
    made = ticket(p.customer, night, channel="chat", assignee=p.agent)
    greeting = do_start_live_target(ticket=made, kind=TargetKind.CHAT_GREETING, now=night)
    assert greeting is not None
    assert (greeting.due_at, greeting.target_seconds) == (night + timedelta(seconds=30), 30)
    assert greeting.warn_at is None
    again = do_start_live_target(ticket=made, kind=TargetKind.CHAT_GREETING, now=night)
    assert again is not None and again.pk == greeting.pk
    done = do_finish_live_target(
        ticket=made, kind=TargetKind.CHAT_GREETING, now=night + timedelta(seconds=12)
    )
    assert done is not None and done.state == TargetState.ACHIEVED


def test_each_phone_hold_is_its_own_target(personas):
    p = personas
    only_policies(HOURLY)
    made = ticket(p.customer, MONDAY, channel="phone")
    for start, length, state in ((0, 40, TargetState.ACHIEVED), (120, 75, TargetState.BREACHED)):
        began = MONDAY + timedelta(seconds=start)
        do_start_live_target(ticket=made, kind=TargetKind.PHONE_HOLD, now=began)
        hold = do_finish_live_target(
            ticket=made, kind=TargetKind.PHONE_HOLD, now=began + timedelta(seconds=length)
        )
        assert hold is not None and hold.state == state
    assert made.sla_targets.filter(kind=TargetKind.PHONE_HOLD).count() == 2
    with pytest.raises(Invalid):
        do_start_live_target(ticket=made, kind=TargetKind.RESOLUTION)


def test_a_policy_without_a_hold_target_starts_none(personas):
    only_policies({**HOURLY, "phone_hold_seconds": None})
    made = ticket(personas.customer, MONDAY, channel="phone")
    assert do_start_live_target(ticket=made, kind=TargetKind.PHONE_HOLD, now=MONDAY) is None
    assert do_finish_live_target(ticket=made, kind=TargetKind.PHONE_HOLD, now=MONDAY) is None


@pytest.mark.parametrize(
    ("held", "exceeded"), [(0, False), (59, False), (60, False), (60.5, True), (61, True)]
)
def test_hold_exceeded(held, exceeded):
    assert rules.hold_exceeded(MONDAY, MONDAY + timedelta(seconds=held), 60) is exceeded


def test_the_hold_apology_is_translatable():
    text = rules.hold_apology()
    assert "sorry" in text and "call you back" in text
    assert rules.HOLD_APOLOGY.__class__.__name__ == "__proxy__"  # gettext_lazy
    with translation.override("lv"):
        assert rules.hold_apology()  # falls back to English until translated


@pytest.mark.parametrize(
    ("target", "remaining", "percent", "expected"),
    [
        (60, 60, 80, 48),
        (60, 30, 80, 18),
        (60, 5, 80, 0),  # past the warning point: warn now
        (60, 60, 0, None),  # warnings off
        (0, 0, 80, None),
        (60, 60, 50, 30),
    ],
)
def test_time_to_warning(target, remaining, percent, expected):
    minutes = timedelta(minutes=1)
    result = rules.time_to_warning(target * minutes, remaining * minutes, percent)
    assert result == (None if expected is None else expected * minutes)


def test_raised_priority_climbs_one_step():
    assert [rules.raised_priority(p) for p in ("low", "normal", "high", "urgent", "odd")] == [
        "normal",
        "high",
        "urgent",
        "urgent",
        "odd",
    ]
