"""The SLA sweep (S3): warn before deadlines, record breaches, escalate — each once.

Every worker runs it on its beat (`sla.tasks.sweep_sla`). What keeps it correct with
several workers and cheap with a million open tickets:

1. It reads only what is due, in batches: breaches through the `(state, due_at)`
   index, warnings through the partial index on `warn_at` of targets not yet warned.
2. Each batch is claimed with one conditional `UPDATE … RETURNING id`: a row changes
   only while it is still running (and, for a warning, not yet warned), so when two
   workers race for a row exactly one gets its id back. Only that worker writes the
   row's event, alerts and escalation, in the same transaction as the claim.
3. Before claiming, the batch's ticket rows are locked (PostgreSQL), in id order. The
   ticket services lock the ticket, then its targets; the sweep does the same, so a
   sweep and an agent's reply queue instead of deadlocking, and two sweeps queue
   behind each other: the second finds the rows claimed and reads on. A ticket held
   longer than `LOCK_WAIT` (or a deadlock with a service that locks two tickets) ends
   this phase of the sweep; the next sweep does the rest. SQLite runs one write
   transaction at a time.
4. On PostgreSQL one sweep works in lanes, on several connections (`sweep_lanes`).

Recipients: a warning goes to the assignee (the team lead when nobody is assigned); a
breach goes to the assignee plus whoever the policy names (`on_breach_notify`). Live
targets (chat greeting, phone hold) get their breach recorded, nothing more. A batch
that wrote alerts enqueues one job that emails them (`alert_emails`), in its transaction.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import Team, User
from frontdesk.core.bulk import Insert
from frontdesk.core.jobs import enqueue_with_transaction
from frontdesk.sla import escalation, rules, sweep_lanes, sweep_pg
from frontdesk.sla.choices import LIVE_KINDS, AlertKind, BreachNotify, TargetKind, TargetState
from frontdesk.sla.models import DeadlineAlert, SlaPolicy, SlaTarget
from frontdesk.tickets.choices import EventKind
from frontdesk.tickets.models import Ticket, TicketEvent

BATCH = 1000
LOCK_WAIT = "5s"  # the longest a batch waits for a ticket's lock (PostgreSQL)
IDLE_BATCHES = 3
# PostgreSQL errors that mean "tickets busy": lock_not_available, deadlock_detected.
BUSY = {"55P03", "40P01"}
logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    escalated: int = 0  # tickets whose priority or team changed
    alerts: int = 0


@dataclass(frozen=True)
class Row:
    """A claimed target, with the people around its ticket (active staff only)."""

    target_id: int
    kind: str
    due_at: datetime | None
    ticket_id: int
    policy_id: int
    assignee: frozenset[int]
    lead: frozenset[int]


@dataclass
class Sweep:
    """One run: the moment it sweeps at, and what it looks up only once."""

    now: datetime
    result: SweepResult = field(default_factory=SweepResult)

    @cached_property
    def at(self) -> Any:
        return _at(self.now)

    @cached_property
    def policies(self) -> dict[int, SlaPolicy]:
        return SlaPolicy.objects.select_related("on_breach_reassign_to_team").in_bulk()

    @cached_property
    def staff(self) -> frozenset[int]:
        return frozenset(User.objects.filter(is_active=True).values_list("pk", flat=True))

    @cached_property
    def managers(self) -> frozenset[int]:
        managers = User.objects.filter(is_active=True, role=Role.MANAGER)
        return frozenset(managers.values_list("pk", flat=True))

    @cached_property
    def leads(self) -> dict[int, int]:
        return dict(Team.objects.filter(lead__isnull=False).values_list("pk", "lead_id"))

    @cached_property
    def labels(self) -> dict[str, str]:
        return {kind.value: str(kind.label) for kind in TargetKind}

    @cached_property
    def msgids(self) -> dict[str, str]:
        return rules.target_msgids()

    @cached_property
    def note(self) -> str:
        return rules.deadline_note_template()

    @cached_property
    def events(self) -> Insert:
        fields = ("ticket", "kind", "field", "new_value", "note", "facts", "created_at")
        return Insert(TicketEvent, fields)

    @cached_property
    def alerts(self) -> Insert:
        return Insert(DeadlineAlert, ("recipient", "target", "kind", "due_at", "created_at"))

    def people(self, *user_ids: int | None) -> frozenset[int]:
        return frozenset(user_id for user_id in user_ids if user_id in self.staff)

    def breach_recipients(self, row: Row, policy: SlaPolicy) -> frozenset[int]:
        notify = policy.on_breach_notify
        extra: frozenset[int] = frozenset()
        if notify in (BreachNotify.TEAM_LEAD, BreachNotify.LEAD_AND_MANAGERS):
            extra |= row.lead
        if notify in (BreachNotify.MANAGERS, BreachNotify.LEAD_AND_MANAGERS) or (
            notify == BreachNotify.TEAM_LEAD and not row.lead
        ):
            extra |= self.managers
        return row.assignee | extra

    def event(self, row: Row, kind: str) -> tuple[Any, ...]:
        note = rules.deadline_note(self.labels.get(row.kind, row.kind), row.due_at, self.note)
        facts = rules.deadline_facts(self.msgids.get(row.kind, row.kind), row.due_at)
        return (row.ticket_id, kind, "sla", row.kind, note, facts, self.at)

    def alert_rows(self, row: Row, kind: str, recipients: Iterable[int]) -> list[tuple[Any, ...]]:
        due = None if row.due_at is None else _at(row.due_at)
        return [(user_id, row.target_id, kind, due, self.at) for user_id in sorted(recipients)]


def do_sweep_sla(
    *, now: datetime | None = None, batch_size: int | None = None, lanes: int | None = None
) -> SweepResult:
    """Breach the overdue running targets, then warn about the nearly due ones.

    On PostgreSQL, outside a transaction, a sweep with more than a batch to do is split
    into `lanes` by ticket id (`sweep_lanes`), each on its own connection; otherwise it
    runs in one lane."""
    sweep = Sweep(now=now or timezone.now())
    size = batch_size or BATCH
    count = sweep_lanes.configured() if lanes is None else lanes
    if (
        count > 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and _more_than_a_batch(sweep.now, size)
    ):
        sweep_lanes.run(sweep, count, lambda part, lane: _sweep_lane(part, lane, size))
    else:
        _sweep_lane(sweep, sweep_lanes.Lane(0, 1), size)
    return sweep.result


def _more_than_a_batch(now: datetime, size: int) -> bool:
    """Whether either phase has more than `size` targets: the sweep every minute has a
    few, and a thread and a second connection would cost more than they save."""
    # Ordered as the batches read (exists() would drop the order, and PostgreSQL then
    # chose a scan of every running target: 165 ms).
    return any(
        len(due.values_list("pk", flat=True)[size : size + 1]) > 0
        for due in (_overdue(now), _to_warn(now))
    )


def _sweep_lane(sweep: Sweep, lane: sweep_lanes.Lane, size: int) -> None:
    _in_batches(sweep, lane.of(_overdue(sweep.now)), _claim_breaches, _record_breaches, size)
    _in_batches(sweep, lane.of(_to_warn(sweep.now)), _claim_warnings, _record_warnings, size)


def _overdue(now: datetime) -> QuerySet[SlaTarget]:
    return SlaTarget.objects.filter(state=TargetState.RUNNING, due_at__lt=now).order_by("due_at")


def _to_warn(now: datetime) -> QuerySet[SlaTarget]:
    # Only running targets not yet warned have a warn_at (the services clear it when a
    # target stops running), so the partial index alone finds them; a filter on state
    # here would steer SQLite's planner to the state index. The claim re-checks it.
    # Targets already due are the breaches' (the claim skips them): the breach phase
    # ran first, so they are here only while another worker is still breaching them.
    # Not filtered here: PostgreSQL would misjudge the filter and sort every candidate.
    return SlaTarget.objects.filter(warn_at__lte=now, warned_at__isnull=True).order_by("warn_at")


Claimed = list[tuple[Any, ...]]  # (id, kind, due_at, ticket_id, policy_id) per row won
Claim = Callable[[Sequence[int], datetime], Claimed]
Record = Callable[["Sweep", list[Row]], None]


def _in_batches(
    sweep: Sweep, due: QuerySet[SlaTarget], claim: Claim, record: Record, size: int
) -> None:
    idle = 0  # batches in a row that claimed nothing: other workers are ahead
    while True:
        candidates = list(due.values_list("pk", "ticket_id")[:size])
        if not candidates:
            return
        counted = replace(sweep.result)
        try:
            claimed = _batch(sweep, candidates, claim, record)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) not in BUSY:
                raise
            logger.info("SLA sweep: tickets busy, the next sweep goes on (%s)", error)
            sweep.result = counted  # the batch was rolled back whole
            return
        # Stop when done. A batch that claimed nothing was done by another worker
        # between our read and our locks: read again, unless that keeps happening.
        idle = 0 if claimed else idle + 1
        if len(candidates) < size or idle >= IDLE_BATCHES:
            return


def _batch(sweep: Sweep, candidates: list[tuple[int, int]], claim: Claim, record: Record) -> int:
    """Lock the candidates' tickets, claim their targets and record what was claimed, in
    one transaction. Returns the number of targets claimed."""
    with transaction.atomic():
        _batch_settings()
        tickets = _lock_tickets({ticket_id for _pk, ticket_id in candidates})
        ids = [pk for pk, ticket_id in candidates if ticket_id in tickets]
        alerts_before = sweep.result.alerts
        if connection.vendor == "postgresql":
            claimed = _batch_in_one_statement(sweep, claim, ids, tickets) if ids else 0
        else:
            rows = claim(ids, sweep.now) if ids else []
            claimed = len(rows)
            if rows:
                record(sweep, _rows(sweep, rows, tickets))
        if sweep.result.alerts > alerts_before:
            _email_alerts_after_commit()
    return claimed


def _batch_in_one_statement(
    sweep: Sweep, claim: Claim, ids: list[int], tickets: dict[int, Staff]
) -> int:
    """PostgreSQL: claim, events and alerts in one statement (`sweep_pg`); the
    escalations it reports are applied here. Returns the number of targets claimed."""
    phase = sweep_pg.BREACH if claim is _claim_breaches else sweep_pg.WARNING
    people = {
        ticket_id: (
            assignee_id if assignee_id in sweep.staff else None,
            lead if (lead := sweep.leads.get(team_id or 0)) in sweep.staff else None,
        )
        for ticket_id, (assignee_id, team_id) in tickets.items()
    }
    batch = sweep_pg.claim_and_record(
        phase,
        ids,
        people,
        managers=sorted(sweep.managers),
        labels=sweep.labels,
        msgids=sweep.msgids,
        note_template=sweep.note,
        now=sweep.now,
    )
    result = sweep.result
    if phase == sweep_pg.BREACH:
        result.breached += batch.claimed
    else:
        result.warned += batch.claimed
    result.alerts += batch.alerts
    missed: dict[int, list[str]] = defaultdict(list)
    policies: dict[int, int] = {}
    for ticket_id, policy_id, kind in batch.escalations:
        missed[ticket_id].append(kind)
        policies[ticket_id] = policy_id
    for ticket_id, kinds in missed.items():
        if _escalate(sweep, ticket_id, sweep.policies[policies[ticket_id]], kinds):
            result.escalated += 1
    return batch.claimed


def _batch_settings() -> None:
    """PostgreSQL: how long this batch waits for a ticket's lock, and a COMMIT that does
    not wait for its WAL to reach the disk.

    The latter is safe here: if the server crashed within that moment, the batch would
    be lost whole, claims included, and the next sweep would do it again; nothing is
    half done or done twice. Ticket services keep the default."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # two statements, one round trip
            cursor.execute(
                f"SET LOCAL lock_timeout TO '{LOCK_WAIT}'; SET LOCAL synchronous_commit TO OFF"
            )


def _email_alerts_after_commit() -> None:
    """One email job per batch that wrote alerts, committed with the batch (`alert_emails`)."""
    from frontdesk.sla.tasks import email_deadline_alerts  # tasks imports this module

    enqueue_with_transaction(email_deadline_alerts)


Staff = tuple[int | None, int | None]  # a ticket's assignee and team


def _lock_tickets(ticket_ids: set[int]) -> dict[int, Staff]:
    """The tickets' assignee and team, locked on PostgreSQL (in id order, waiting for a
    ticket another transaction holds, as the ticket services do).

    FOR NO KEY UPDATE: conflicts with the ticket services' FOR UPDATE and with another
    sweep, not with rows that merely reference the ticket. SQLite needs no row locks.
    """
    if connection.vendor == "postgresql":
        # One array parameter instead of a thousand placeholders: psycopg spent more
        # time splitting that statement than PostgreSQL spent running it.
        table = connection.ops.quote_name(Ticket._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, assignee_id, team_id FROM {table} WHERE id = ANY(%s) "  # noqa: S608
                "ORDER BY id FOR NO KEY UPDATE",
                [sorted(ticket_ids)],
            )
            rows = cursor.fetchall()
    else:
        rows = Ticket.objects.filter(pk__in=ticket_ids).values_list("pk", "assignee_id", "team_id")
    return {pk: (assignee_id, team_id) for pk, assignee_id, team_id in rows}


def _update_returning(
    ids: Sequence[int], assign: tuple[str, list[Any]], guard: tuple[str, list[Any]]
) -> Claimed:
    """`UPDATE target SET <assign> WHERE id IN (ids) AND <guard> RETURNING …`: the rows won.

    The guard sits on the updated table itself, so PostgreSQL re-checks it on a row
    another transaction changed meanwhile; the same SQL runs on SQLite (3.35+).
    """
    table = connection.ops.quote_name(SlaTarget._meta.db_table)
    id_params: list[Any]
    if connection.vendor == "postgresql":
        where, id_params = "id = ANY(%s)", [list(ids)]  # one array, not len(ids) placeholders
    else:
        # With sampled or no statistics SQLite may walk the state index for the guard
        # instead of looking up the ids; NOT INDEXED keeps rowid lookups.
        table += " NOT INDEXED"
        where, id_params = f"id IN ({', '.join(['%s'] * len(ids))})", list(ids)
    sql = (
        f"UPDATE {table} SET {assign[0]} WHERE {where} AND {guard[0]} "  # noqa: S608
        "RETURNING id, kind, due_at, ticket_id, policy_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*assign[1], *id_params, *guard[1]])
        return list(cursor.fetchall())


def _at(moment: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


def _from_db(value: Any) -> datetime | None:
    """A datetime read by raw SQL: aware already (PostgreSQL) or UTC text (SQLite)."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise ValueError(f"not a datetime: {value!r}")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def _claim_breaches(ids: Sequence[int], now: datetime) -> Claimed:
    return _update_returning(
        ids,
        ("state = %s, breached_at = due_at, warn_at = NULL", [TargetState.BREACHED.value]),
        ("state = %s AND due_at < %s", [TargetState.RUNNING.value, _at(now)]),
    )


def _claim_warnings(ids: Sequence[int], now: datetime) -> Claimed:
    # Only a running target not yet warned has a warn_at: the services clear it when a
    # target stops running (achieved, paused, breached), so warn_at re-checks the state.
    return _update_returning(
        ids,
        ("warned_at = %s", [_at(now)]),
        ("warned_at IS NULL AND warn_at <= %s AND due_at >= %s", [_at(now), _at(now)]),
    )


def _rows(sweep: Sweep, claimed: Claimed, tickets: dict[int, Staff]) -> list[Row]:
    """The claimed targets with the active people around their tickets."""
    rows = []
    for target_id, kind, due_at, ticket_id, policy_id in claimed:
        assignee_id, team_id = tickets.get(ticket_id, (None, None))
        rows.append(
            Row(
                target_id=target_id,
                kind=kind,
                due_at=_from_db(due_at),
                ticket_id=ticket_id,
                policy_id=policy_id,
                assignee=sweep.people(assignee_id),
                lead=sweep.people(sweep.leads.get(team_id) if team_id else None),
            )
        )
    return rows


def _record_warnings(sweep: Sweep, rows: list[Row]) -> None:
    # A warning is a nudge to staff, not something that happened to the ticket: it is
    # kept on the target (`warned_at`, the ticket page's Deadlines card) and in the
    # alerts, not in the ticket's history (6,500 rows less in a sweep after an outage).
    alerts = []
    for row in rows:
        alerts += sweep.alert_rows(row, AlertKind.WARNING, row.assignee or row.lead)
    sweep.alerts.write(alerts)
    sweep.result.warned += len(rows)
    sweep.result.alerts += len(alerts)


def _record_breaches(sweep: Sweep, rows: list[Row]) -> None:
    events, alerts = [], []
    to_escalate: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        events.append(sweep.event(row, EventKind.SLA_BREACHED))
        policy = sweep.policies.get(row.policy_id)
        if row.kind in LIVE_KINDS or policy is None:
            continue
        alerts += sweep.alert_rows(row, AlertKind.BREACH, sweep.breach_recipients(row, policy))
        if escalation.escalates(policy):
            to_escalate[row.ticket_id].append(row)
    sweep.events.write(events)
    sweep.alerts.write(alerts)
    sweep.result.breached += len(rows)
    sweep.result.alerts += len(alerts)
    for ticket_id, missed in to_escalate.items():
        policy = sweep.policies[missed[0].policy_id]
        if _escalate(sweep, ticket_id, policy, [row.kind for row in missed]):
            sweep.result.escalated += 1


def _escalate(sweep: Sweep, ticket_id: int, policy: SlaPolicy, kinds: list[str]) -> bool:
    return escalation.do_escalate(ticket_id, policy, kinds, now=sweep.now, labels=sweep.labels)
