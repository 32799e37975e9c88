"""One sweep batch on PostgreSQL in one statement: claim, events and alerts.

The portable path (`sweep._in_batches` with `_claim_*` and `_record_*`) returns the
claimed rows to Python, builds an event and the alerts for each and streams them back
with COPY. On PostgreSQL the same work is one statement with data-modifying CTEs: the
UPDATE claims the targets (the same guard, so of two workers only one gets a row), and
its RETURNING rows feed the INSERTs of the breach events and of the alerts (a warning
goes to the alerts only, as in `sweep._record_warnings`). Python passes in
only what it already knows (the active people around each locked ticket, the managers,
the translated labels) and gets back the counts and the few rows that need an
escalation. The recipients are the same as `Sweep.breach_recipients` and the warning's
"assignee, else the team lead".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from frontdesk.sla.choices import LIVE_KINDS, AlertKind, BreachNotify, TargetState
from frontdesk.tickets.choices import EventKind

BREACH = "breach"
WARNING = "warning"

_PEOPLE = """people(ticket_id, assignee_id, lead_id) AS (
    SELECT * FROM unnest(%(tickets)s::bigint[], %(assignees)s::bigint[], %(leads)s::bigint[])
), labels(kind, label, msgid) AS (
    SELECT * FROM unnest(%(kinds)s::text[], %(labels)s::text[], %(msgids)s::text[])
)"""

_CLAIM = {
    BREACH: """UPDATE sla_slatarget SET state = %(breached)s, breached_at = due_at, warn_at = NULL
        WHERE id = ANY(%(ids)s) AND state = %(running)s AND due_at < %(now)s""",
    # No `state` here: only a running target has a warn_at (see sweep._claim_warnings),
    # and with it PostgreSQL misjudged how many rows it keeps and scanned the due-time
    # index for ~90,000 running targets instead of looking up the 1,000 ids.
    WARNING: """UPDATE sla_slatarget SET warned_at = %(now)s
        WHERE id = ANY(%(ids)s) AND warned_at IS NULL
          AND warn_at <= %(now)s AND due_at >= %(now)s""",
}

_EVENTS = """INSERT INTO tickets_ticketevent
        (ticket_id, kind, field, old_value, new_value, note, facts, actor_customer_id,
         actor_user_id, created_at)
    SELECT c.ticket_id, %(event_kind)s, 'sla', '', c.kind,
        CASE WHEN c.due_at IS NULL THEN coalesce(l.label, c.kind)
        ELSE replace(replace(%(template)s, %(target_mark)s, coalesce(l.label, c.kind)),
            %(due_mark)s, to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC')
        END,
        CASE WHEN c.due_at IS NOT NULL THEN jsonb_build_object('code', 'deadline',
            'target', jsonb_build_object('msgid', coalesce(l.msgid, c.kind)),
            'due', jsonb_build_object('at', to_char(c.due_at AT TIME ZONE 'UTC',
                'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')))
        END,
        NULL, NULL, %(now)s
    FROM claimed c LEFT JOIN labels l ON l.kind = c.kind"""

_RECIPIENTS = {
    BREACH: """SELECT c.id AS target_id, c.due_at, r.user_id
        FROM claimed c JOIN people p ON p.ticket_id = c.ticket_id
        JOIN sla_slapolicy pol ON pol.id = c.policy_id
        CROSS JOIN LATERAL (
            SELECT p.assignee_id WHERE p.assignee_id IS NOT NULL
            UNION SELECT p.lead_id WHERE p.lead_id IS NOT NULL
                AND pol.on_breach_notify IN (%(team_lead)s, %(lead_and_managers)s)
            UNION SELECT m FROM unnest(%(managers)s::bigint[]) AS m
                WHERE pol.on_breach_notify IN (%(managers_only)s, %(lead_and_managers)s)
                   OR (pol.on_breach_notify = %(team_lead)s AND p.lead_id IS NULL)
        ) AS r(user_id)
        WHERE c.kind <> ALL(%(live)s)""",
    WARNING: """SELECT c.id AS target_id, c.due_at, coalesce(p.assignee_id, p.lead_id) AS user_id
        FROM claimed c JOIN people p ON p.ticket_id = c.ticket_id
        WHERE coalesce(p.assignee_id, p.lead_id) IS NOT NULL""",
}

_ESCALATIONS = """SELECT coalesce(json_agg(json_build_array(c.ticket_id, c.policy_id, c.kind)),
        '[]'::json)
    FROM claimed c JOIN sla_slapolicy pol ON pol.id = c.policy_id
    WHERE c.kind <> ALL(%(live)s)
      AND (pol.on_breach_raise_priority OR pol.on_breach_reassign_to_team_id IS NOT NULL
           OR pol.on_breach_notify IN (%(managers_only)s, %(lead_and_managers)s))"""


@dataclass
class Batch:
    claimed: int
    alerts: int
    escalations: list[tuple[int, int, str]]  # (ticket, policy, target kind)


def claim_and_record(
    phase: str,
    ids: list[int],
    people: dict[int, tuple[int | None, int | None]],
    *,
    managers: list[int],
    labels: dict[str, str],
    msgids: dict[str, str],
    note_template: str,
    now: datetime,
) -> Batch:
    """Claim `ids` (targets of locked tickets) for a breach or a warning and write their
    events and alerts. `people`: ticket → (active assignee, active team lead)."""
    escalations = _ESCALATIONS if phase == BREACH else "SELECT '[]'::json"
    # A warning goes to the alerts only, never to the ticket's history (see sweep.py).
    events = f"events AS ({_EVENTS}), " if phase == BREACH else ""
    sql = (
        f"WITH {_PEOPLE}, claimed AS ({_CLAIM[phase]} "  # noqa: S608 (constants)
        f"RETURNING id, kind, due_at, ticket_id, policy_id), {events}"
        f"recipients AS ({_RECIPIENTS[phase]}), "
        "alerts AS (INSERT INTO sla_deadlinealert "
        "(recipient_id, target_id, kind, due_at, created_at, read_at, emailed_at) "
        "SELECT user_id, target_id, %(alert_kind)s, due_at, %(now)s, NULL, NULL "
        "FROM recipients RETURNING 1) "
        "SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM alerts), "
        f"({escalations})"
    )
    tickets = sorted(people)
    params: dict[str, Any] = {
        "tickets": tickets,
        "assignees": [people[t][0] for t in tickets],
        "leads": [people[t][1] for t in tickets],
        "kinds": list(labels),
        "labels": list(labels.values()),
        "msgids": [msgids.get(kind, kind) for kind in labels],
        "ids": ids,
        "now": now,
        "running": TargetState.RUNNING.value,
        "breached": TargetState.BREACHED.value,
        "event_kind": EventKind.SLA_BREACHED,
        "alert_kind": AlertKind.BREACH if phase == BREACH else AlertKind.WARNING,
        "template": note_template,
        "target_mark": "%(target)s",
        "due_mark": "%(due)s",
        "managers": managers,
        "team_lead": BreachNotify.TEAM_LEAD.value,
        "managers_only": BreachNotify.MANAGERS.value,
        "lead_and_managers": BreachNotify.LEAD_AND_MANAGERS.value,
        "live": sorted(LIVE_KINDS),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        claimed, alerts, escalated = cursor.fetchone()
    return Batch(claimed, alerts, [(int(t), int(p), str(k)) for t, p, k in escalated])
