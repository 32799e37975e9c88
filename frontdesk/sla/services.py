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
- Whenever a due time is computed, so is the warning time (`warn_at`, at the policy's
  `warn_at_percent` of the target); a target is warned about at most once.
- With the VIP boost on (`QueueSettings.vip_boost_minutes`), targets of VIP customers
  (or of customers of VIP organizations) start that many minutes shorter.
- Live targets (chat greeting, phone hold) run in real time and are started and
  finished by the channels through `do_start_live_target` / `do_finish_live_target`.

The sweep that warns, breaches and escalates lives in `sla.sweep`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.accounts.models import User
from frontdesk.core.errors import Conflict, Forbidden, Invalid
from frontdesk.core.text import clean_text
from frontdesk.sla import calendar, rules
from frontdesk.sla.choices import LIVE_KINDS, TargetKind, TargetState
from frontdesk.sla.models import QueueSettings, SlaPolicy, SlaTarget
from frontdesk.sla.ticket_hours import TicketHours
from frontdesk.tickets.choices import AuthorType, EventKind, MessageKind, Status
from frontdesk.tickets.hooks import TicketChange
from frontdesk.tickets.live import publish_on_commit
from frontdesk.tickets.models import Ticket, TicketEvent

logger = logging.getLogger(__name__)

DONE_STATUSES = (Status.SOLVED, Status.CLOSED)
POLICY_FIELDS = ("priority", "type", "branch")
MAX_REASON = 2000


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


def _due(
    clock: calendar.BusinessCalendar, start: datetime, remaining: timedelta, policy_id: int
) -> datetime | None:
    try:
        return calendar.add_business_time(clock, start, max(remaining, timedelta(0)))
    except ValueError:
        logger.warning("SLA policy %s: its calendar never opens; no due time", policy_id)
        return None


def _schedule(
    clocks: TicketHours, target: SlaTarget, start: datetime, remaining: timedelta
) -> None:
    """Run `target` from `start` with `remaining` target time: its due and warning times."""
    clock = clocks.clock(target)
    target.due_at = _due(clock, start, remaining, target.policy_id)
    before = None
    if not target.is_live and target.warned_at is None:
        before = rules.time_to_warning(target.target, remaining, target.policy.warn_at_percent)
    target.warn_at = (
        None if before is None or target.due_at is None else _due(clock, start, before, 0)
    )


def _remaining(clocks: TicketHours, target: SlaTarget, now: datetime) -> timedelta:
    """Target time left at `now` (zero when late)."""
    if target.state == TargetState.PAUSED:
        return timedelta(seconds=target.remaining_seconds or 0)
    if target.due_at is None or target.state != TargetState.RUNNING:
        return timedelta(0)
    return calendar.business_time_between(clocks.clock(target), now, target.due_at)


def vip_boost_minutes(ticket: Ticket) -> int:
    """Minutes the ticket's targets are shortened by: the boost for VIPs when it is on."""
    boost = QueueSettings.current().vip_boost_minutes
    if not boost:
        return 0
    customer = ticket.customer
    organization = customer.organization
    vip = customer.vip or (organization is not None and organization.vip)
    return boost if vip else 0


def _start(
    clocks: TicketHours, policy: SlaPolicy, kind: str, start: datetime, *, boost_minutes: int = 0
) -> SlaTarget | None:
    seconds = policy.seconds_for(kind)
    if seconds is None:
        return None
    boost = 0 if kind in LIVE_KINDS else boost_minutes
    target = SlaTarget(
        ticket=clocks.ticket,
        policy=policy,
        kind=kind,
        target_seconds=rules.boosted_seconds(seconds, boost),
        vip_boost_minutes=boost,
        started_at=start,
    )
    _schedule(clocks, target, start, target.target)
    target.save()
    return target


def _achieve(clocks: TicketHours, target: SlaTarget, now: datetime) -> None:
    if target.state == TargetState.RUNNING:
        target.remaining_seconds = round(_remaining(clocks, target, now).total_seconds())
        if target.is_late(now):
            target.state = TargetState.BREACHED
            target.breached_at = target.due_at
        else:
            target.state = TargetState.ACHIEVED
    elif target.state == TargetState.PAUSED:
        _end_pause(target, now)
        target.state = TargetState.ACHIEVED
    target.achieved_at = now
    target.warn_at = None
    target.save()


def _end_pause(target: SlaTarget, now: datetime) -> None:
    if target.paused_at is not None:
        target.paused_seconds += max(round((now - target.paused_at).total_seconds()), 0)
    target.paused_at = None


def _pause(clocks: TicketHours, target: SlaTarget, now: datetime) -> None:
    if target.is_late(now):
        return  # already breached (or about to be, by the sweep): nothing left to pause
    target.remaining_seconds = round(_remaining(clocks, target, now).total_seconds())
    target.state = TargetState.PAUSED
    target.paused_at = now
    target.due_at = None
    target.warn_at = None
    target.save()


def _resume(clocks: TicketHours, target: SlaTarget, now: datetime) -> None:
    _end_pause(target, now)
    target.state = TargetState.RUNNING
    _schedule(clocks, target, now, timedelta(seconds=target.remaining_seconds or 0))
    target.remaining_seconds = None
    target.save()


def _reopen(clocks: TicketHours, target: SlaTarget, now: datetime) -> None:
    """Run a resolution target again after the ticket was reopened."""
    target.achieved_at = None
    if target.state == TargetState.ACHIEVED:
        target.state = TargetState.RUNNING
        _schedule(clocks, target, now, timedelta(seconds=target.remaining_seconds or 0))
        target.remaining_seconds = None
    target.save()


def on_ticket_created(ticket: Ticket) -> None:
    """Start the first-response and resolution targets of a new ticket."""
    policy = matching_policy(ticket)
    if policy is None:
        return
    boost = vip_boost_minutes(ticket)
    clocks = TicketHours(ticket)
    for kind in (TargetKind.FIRST_RESPONSE, TargetKind.RESOLUTION):
        _start(clocks, policy, kind, ticket.created_at, boost_minutes=boost)


def on_ticket_changed(ticket: Ticket, change: TicketChange) -> None:
    """Bring the ticket's SLA targets in line with a reply or a change of fields."""
    now = change.now
    clocks = TicketHours(ticket)
    outstanding = {
        target.kind: target
        for target in SlaTarget.objects.select_for_update(of=("self",))
        .filter(ticket=ticket, achieved_at__isnull=True)
        .select_related("policy__calendar")
    }
    if any(change.old_value(name) is not None for name in POLICY_FIELDS):
        _follow_policy(clocks, outstanding, now)
    message = change.message
    if message is not None and message.kind == MessageKind.REPLY:
        if message.author_type == AuthorType.AGENT:
            for kind in (TargetKind.FIRST_RESPONSE, TargetKind.NEXT_RESPONSE):
                if kind in outstanding:
                    _achieve(clocks, outstanding.pop(kind), now)
        elif (
            message.author_type == AuthorType.CUSTOMER
            and ticket.first_response_at is not None
            and TargetKind.NEXT_RESPONSE not in outstanding
        ):
            policy = matching_policy(ticket)
            started = None
            if policy is not None:
                boost = vip_boost_minutes(ticket)
                started = _start(clocks, policy, TargetKind.NEXT_RESPONSE, now, boost_minutes=boost)
            if started is not None:
                outstanding[started.kind] = started
    _follow_status(clocks, outstanding, now)


def _follow_status(clocks: TicketHours, outstanding: dict[str, SlaTarget], now: datetime) -> None:
    ticket = clocks.ticket
    if ticket.status in DONE_STATUSES:
        for target in outstanding.values():
            _achieve(clocks, target, now)
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
        _reopen(clocks, last, now)  # it was achieved: the ticket was solved and is active again
        resolution = last
    hold = ticket.status == Status.PENDING or (
        ticket.status == Status.ON_HOLD and resolution.policy.pause_on_hold
    )
    if hold and resolution.state == TargetState.RUNNING:
        _pause(clocks, resolution, now)
    elif not hold and resolution.state == TargetState.PAUSED:
        _resume(clocks, resolution, now)


def _follow_policy(clocks: TicketHours, outstanding: dict[str, SlaTarget], now: datetime) -> None:
    """Move outstanding targets to the policy that matches now, keeping the time used."""
    ticket = clocks.ticket
    policy = matching_policy(ticket)
    if policy is None:
        return
    for kind, target in list(outstanding.items()):
        if target.policy_id == policy.pk or target.state not in (
            TargetState.RUNNING,
            TargetState.PAUSED,
        ):
            continue
        seconds = policy.seconds_for(kind)
        if seconds is None:
            target.delete()
            del outstanding[kind]
            continue
        used = target.target - _remaining(clocks, target, now)
        target.policy = policy
        target.target_seconds = rules.boosted_seconds(seconds, target.vip_boost_minutes)
        left = target.target - used
        if target.state == TargetState.RUNNING:
            _schedule(clocks, target, now, left)
        else:
            target.remaining_seconds = max(round(left.total_seconds()), 0)
        target.save()
    kinds = set(SlaTarget.objects.filter(ticket=ticket).values_list("kind", flat=True))
    missing = []
    if TargetKind.FIRST_RESPONSE not in kinds and ticket.first_response_at is None:
        missing.append(TargetKind.FIRST_RESPONSE)
    if TargetKind.RESOLUTION not in kinds and ticket.status not in DONE_STATUSES:
        missing.append(TargetKind.RESOLUTION)
    boost = vip_boost_minutes(ticket) if missing else 0
    for kind in missing:
        started = _start(clocks, policy, kind, ticket.created_at, boost_minutes=boost)
        if started is not None:
            outstanding[started.kind] = started


def _lock_ticket(ticket_id: int) -> None:
    """Lock the ticket row before its targets, in the same order as the ticket services
    and the sweep, so concurrent writers queue instead of deadlocking (PostgreSQL)."""
    list(Ticket.objects.select_for_update().filter(pk=ticket_id).values_list("pk", flat=True))


@transaction.atomic
def do_set_breach_reason(
    *, actor: User, target: SlaTarget, reason: str, now: datetime | None = None
) -> SlaTarget:
    """Say why a target was missed (for reports); an empty reason clears it."""
    if not isinstance(actor, User) or not actor.is_active:
        raise Forbidden(_("Only staff can do this."))
    now = now or timezone.now()
    reason = clean_text(reason).strip()
    if len(reason) > MAX_REASON:
        raise Invalid(
            _("Keep the reason under %(limit)d characters.") % {"limit": MAX_REASON},
            field="reason",
        )
    _lock_ticket(target.ticket_id)
    target = SlaTarget.objects.select_for_update().get(pk=target.pk)
    if target.state != TargetState.BREACHED:
        raise Conflict(_("Only a missed target can carry a breach reason."))
    if reason == target.breach_reason:
        return target
    TicketEvent.objects.create(
        ticket_id=target.ticket_id,
        kind=EventKind.CHANGED,
        field="sla_breach_reason",
        old_value=target.breach_reason,
        new_value=reason,
        note=str(TargetKind(target.kind).label),
        actor_user=actor,
        created_at=now,
    )
    target.breach_reason = reason
    target.save(update_fields=["breach_reason"])
    publish_on_commit(target.ticket_id)
    return target


def _live_kind(kind: str) -> str:
    if kind not in LIVE_KINDS:
        raise Invalid(_("Not a live-channel target: %(kind)s") % {"kind": kind}, field="kind")
    return kind


@transaction.atomic
def do_start_live_target(
    *, ticket: Ticket, kind: str, now: datetime | None = None
) -> SlaTarget | None:
    """Start the chat greeting or a phone hold; the one already running if there is one.

    None when the ticket's policy sets no such target.
    """
    kind = _live_kind(kind)
    now = now or timezone.now()
    ticket = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
    running = SlaTarget.objects.filter(ticket=ticket, kind=kind, achieved_at__isnull=True).first()
    if running is not None:
        return running
    policy = matching_policy(ticket)
    return _start(TicketHours(ticket), policy, kind, now) if policy is not None else None


@transaction.atomic
def do_finish_live_target(
    *, ticket: Ticket, kind: str, now: datetime | None = None
) -> SlaTarget | None:
    """The customer was greeted / the hold ended: achieved, or breached when late."""
    kind = _live_kind(kind)
    now = now or timezone.now()
    _lock_ticket(ticket.pk)
    target = (
        SlaTarget.objects.select_for_update(of=("self",))
        .select_related("policy__calendar")
        .filter(ticket=ticket, kind=kind, achieved_at__isnull=True)
        .first()
    )
    if target is not None:
        _achieve(TicketHours(ticket), target, now)
    return target
