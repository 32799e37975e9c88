"""SLA timers of tickets: start, pause, resume, achieve and breach (S1).

The ticket services call `on_ticket_created` and `on_ticket_changed` (registered in
`SlaConfig.ready()` through `tickets.hooks`) inside their transaction. The rules:

- The policy of a ticket is the first active policy, by position, whose conditions all
  match it. A new ticket starts its first-response and resolution targets at creation.
- An agent's public reply achieves the outstanding first- and next-response targets; a
  customer's public reply after the first agent reply starts a next-response target.
- Achieving after the due time still records `achieved_at`, but the state is
  `breached` with `breached_at` = the due time. The sweep marks running targets past
  their due time `breached` (no `achieved_at` yet; a later reply or solve sets it).
- Pending pauses the resolution target (so does on hold, if the policy says so): the
  remaining target time is kept and, on resuming, the due time is that much open time
  after the moment of resuming. A target already past due is not paused.
- Solved or closed achieves every outstanding target. Reopening runs the resolution
  target again with the time it had left when solved; if it was breached it stays
  breached and becomes outstanding again (no new due time).
- A change of priority, type or branch that selects another policy moves the
  outstanding targets to it, keeping the time already used up.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from frontdesk.sla import calendar
from frontdesk.sla.choices import TargetKind, TargetState
from frontdesk.sla.models import SlaPolicy, SlaTarget
from frontdesk.tickets.choices import AuthorType, MessageKind, Status
from frontdesk.tickets.hooks import TicketChange
from frontdesk.tickets.models import Ticket

logger = logging.getLogger(__name__)

DONE_STATUSES = (Status.SOLVED, Status.CLOSED)
POLICY_FIELDS = ("priority", "type", "branch")


def matching_policy(ticket: Ticket) -> SlaPolicy | None:
    """The first active policy (by position) whose conditions all match the ticket."""
    organization_id = ticket.customer.organization_id
    return (
        SlaPolicy.objects.filter(active=True)
        .filter(
            Q(priority="") | Q(priority=ticket.priority),
            Q(channel="") | Q(channel=ticket.channel),
            Q(ticket_type="") | Q(ticket_type=ticket.type),
            Q(organization__isnull=True) | Q(organization_id=organization_id),
            Q(branch__isnull=True) | Q(branch_id=ticket.branch_id),
        )
        .select_related("calendar")
        .order_by("position", "pk")
        .first()
    )


def _due(policy: SlaPolicy, start: datetime, remaining: timedelta) -> datetime | None:
    try:
        return calendar.add_business_time(policy.clock(), start, max(remaining, timedelta(0)))
    except ValueError:
        logger.warning("SLA policy %s: its calendar never opens; no due time", policy.pk)
        return None


def _remaining(target: SlaTarget, now: datetime) -> timedelta:
    """Target time left at `now` (zero when late)."""
    if target.state == TargetState.PAUSED:
        return timedelta(seconds=target.remaining_seconds or 0)
    if target.due_at is None or target.state != TargetState.RUNNING:
        return timedelta(0)
    return calendar.business_time_between(target.policy.clock(), now, target.due_at)


def _start(ticket: Ticket, policy: SlaPolicy, kind: str, start: datetime) -> SlaTarget | None:
    minutes = policy.minutes_for(kind)
    if minutes is None:
        return None
    return SlaTarget.objects.create(
        ticket=ticket,
        policy=policy,
        kind=kind,
        target_minutes=minutes,
        started_at=start,
        due_at=_due(policy, start, timedelta(minutes=minutes)),
    )


def _achieve(target: SlaTarget, now: datetime) -> None:
    if target.state == TargetState.RUNNING:
        target.remaining_seconds = round(_remaining(target, now).total_seconds())
        if target.is_late(now):
            target.state = TargetState.BREACHED
            target.breached_at = target.due_at
        else:
            target.state = TargetState.ACHIEVED
    elif target.state == TargetState.PAUSED:
        _end_pause(target, now)
        target.state = TargetState.ACHIEVED
    target.achieved_at = now
    target.save()


def _end_pause(target: SlaTarget, now: datetime) -> None:
    if target.paused_at is not None:
        target.paused_seconds += max(round((now - target.paused_at).total_seconds()), 0)
    target.paused_at = None


def _pause(target: SlaTarget, now: datetime) -> None:
    if target.is_late(now):
        return  # already breached (or about to be, by the sweep): nothing left to pause
    target.remaining_seconds = round(_remaining(target, now).total_seconds())
    target.state = TargetState.PAUSED
    target.paused_at = now
    target.due_at = None
    target.save()


def _resume(target: SlaTarget, now: datetime) -> None:
    _end_pause(target, now)
    target.state = TargetState.RUNNING
    target.due_at = _due(target.policy, now, timedelta(seconds=target.remaining_seconds or 0))
    target.remaining_seconds = None
    target.save()


def _reopen(target: SlaTarget, now: datetime) -> None:
    """Run a resolution target again after the ticket was reopened."""
    target.achieved_at = None
    if target.state == TargetState.ACHIEVED:
        target.state = TargetState.RUNNING
        target.due_at = _due(target.policy, now, timedelta(seconds=target.remaining_seconds or 0))
        target.remaining_seconds = None
    target.save()


def on_ticket_created(ticket: Ticket) -> None:
    """Start the first-response and resolution targets of a new ticket."""
    policy = matching_policy(ticket)
    if policy is None:
        return
    for kind in (TargetKind.FIRST_RESPONSE, TargetKind.RESOLUTION):
        _start(ticket, policy, kind, ticket.created_at)


def on_ticket_changed(ticket: Ticket, change: TicketChange) -> None:
    """Bring the ticket's SLA targets in line with a reply or a change of fields."""
    now = change.now
    outstanding = {
        target.kind: target
        for target in SlaTarget.objects.select_for_update(of=("self",))
        .filter(ticket=ticket, achieved_at__isnull=True)
        .select_related("policy__calendar")
    }
    if any(change.old_value(name) is not None for name in POLICY_FIELDS):
        _follow_policy(ticket, outstanding, now)
    message = change.message
    if message is not None and message.kind == MessageKind.REPLY:
        if message.author_type == AuthorType.AGENT:
            for kind in (TargetKind.FIRST_RESPONSE, TargetKind.NEXT_RESPONSE):
                if kind in outstanding:
                    _achieve(outstanding.pop(kind), now)
        elif (
            message.author_type == AuthorType.CUSTOMER
            and ticket.first_response_at is not None
            and TargetKind.NEXT_RESPONSE not in outstanding
        ):
            policy = matching_policy(ticket)
            started = _start(ticket, policy, TargetKind.NEXT_RESPONSE, now) if policy else None
            if started is not None:
                outstanding[started.kind] = started
    _follow_status(ticket, outstanding, now)


def _follow_status(ticket: Ticket, outstanding: dict[str, SlaTarget], now: datetime) -> None:
    if ticket.status in DONE_STATUSES:
        for target in outstanding.values():
            _achieve(target, now)
        return
    resolution = outstanding.get(TargetKind.RESOLUTION)
    if resolution is None:
        last = (
            SlaTarget.objects.filter(ticket=ticket, kind=TargetKind.RESOLUTION)
            .select_related("policy__calendar")
            .order_by("-started_at", "-pk")
            .first()
        )
        if last is None:
            return
        _reopen(last, now)  # it was achieved: the ticket was solved and is active again
        resolution = last
    hold = ticket.status == Status.PENDING or (
        ticket.status == Status.ON_HOLD and resolution.policy.pause_on_hold
    )
    if hold and resolution.state == TargetState.RUNNING:
        _pause(resolution, now)
    elif not hold and resolution.state == TargetState.PAUSED:
        _resume(resolution, now)


def _follow_policy(ticket: Ticket, outstanding: dict[str, SlaTarget], now: datetime) -> None:
    """Move outstanding targets to the policy that matches now, keeping the time used."""
    policy = matching_policy(ticket)
    if policy is None:
        return
    for kind, target in list(outstanding.items()):
        if target.policy_id == policy.pk or target.state not in (
            TargetState.RUNNING,
            TargetState.PAUSED,
        ):
            continue
        minutes = policy.minutes_for(kind)
        if minutes is None:
            target.delete()
            del outstanding[kind]
            continue
        used = target.target - _remaining(target, now)
        left = timedelta(minutes=minutes) - used
        target.policy = policy
        target.target_minutes = minutes
        if target.state == TargetState.RUNNING:
            target.due_at = _due(policy, now, left)
        else:
            target.remaining_seconds = max(round(left.total_seconds()), 0)
        target.save()
    kinds = set(SlaTarget.objects.filter(ticket=ticket).values_list("kind", flat=True))
    if TargetKind.FIRST_RESPONSE not in kinds and ticket.first_response_at is None:
        started = _start(ticket, policy, TargetKind.FIRST_RESPONSE, ticket.created_at)
        if started is not None:
            outstanding[started.kind] = started
    if TargetKind.RESOLUTION not in kinds and ticket.status not in DONE_STATUSES:
        started = _start(ticket, policy, TargetKind.RESOLUTION, ticket.created_at)
        if started is not None:
            outstanding[started.kind] = started


def do_sweep_breaches(*, now: datetime | None = None) -> int:
    """Mark running targets past their due time breached; returns how many.

    One conditional UPDATE on the (state, due_at) index: idempotent, and safe with
    several workers because only rows still running change.
    """
    now = now or timezone.now()
    return SlaTarget.objects.filter(state=TargetState.RUNNING, due_at__lt=now).update(
        state=TargetState.BREACHED, breached_at=F("due_at")
    )
