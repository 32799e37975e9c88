"""Escalation on a breach (S3): raise the priority, hand the ticket to another team,
raise it to the managers.

What a policy says to do when a ticket misses a target (`on_breach_raise_priority`,
`on_breach_reassign_to_team`, and `on_breach_notify` naming the managers, which also
escalates the ticket as an agent's T4 escalation would, with the breach as its reason, so
it comes first in the managers' inbox); the SLA sweep applies it once per breach.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from frontdesk.sla import rules
from frontdesk.sla.choices import BreachNotify
from frontdesk.sla.models import SlaPolicy
from frontdesk.tickets import event_notes, hooks, search
from frontdesk.tickets.choices import EventKind
from frontdesk.tickets.live import publish_on_commit
from frontdesk.tickets.models import Ticket, TicketEvent
from frontdesk.tickets.services import do_add_system_note

TO_MANAGERS = (BreachNotify.MANAGERS, BreachNotify.LEAD_AND_MANAGERS)


def escalates(policy: SlaPolicy) -> bool:
    """Whether a breach under this policy changes the ticket (not only alerts)."""
    return bool(
        policy.on_breach_raise_priority
        or policy.on_breach_reassign_to_team_id
        or policy.on_breach_notify in TO_MANAGERS
    )


def do_escalate(
    ticket_id: int, policy: SlaPolicy, kinds: list[str], *, now: datetime, labels: dict[str, str]
) -> bool:
    """Apply the policy's escalation to a ticket that missed the targets of `kinds`;
    the sweep calls it once per breach, in the breach's transaction. `labels`: the
    targets' names by kind. Returns whether the ticket changed."""
    tickets = Ticket.objects.select_for_update(of=("self",)).select_related("team", "assignee")
    ticket = tickets.get(pk=ticket_id)
    missed = ", ".join(labels.get(kind, kind) for kind in kinds)
    note = _("Deadline missed (%(targets)s): escalated by the SLA policy “%(policy)s”.") % {
        "targets": missed,
        "policy": policy.name,
    }
    msgids = rules.target_msgids()
    targets = [event_notes.label(msgids.get(kind, kind)) for kind in kinds]
    facts = event_notes.facts("escalated", targets=targets, policy=policy.name)
    events = []

    def change(kind: str, name: str, old: object, new: object) -> None:
        events.append(
            TicketEvent(
                ticket=ticket,
                kind=kind,
                field=name,
                old_value=str(old or ""),
                new_value=str(new or ""),
                note=note,
                facts=facts,
                created_at=now,
            )
        )

    if policy.on_breach_raise_priority:
        raised = rules.raised_priority(ticket.priority)
        if raised != ticket.priority:
            change(EventKind.CHANGED, "priority", ticket.priority, raised)
            ticket.priority = raised
    team = policy.on_breach_reassign_to_team
    moved = team is not None and team.pk != ticket.team_id
    if moved:
        change(EventKind.TRANSFER, "team", ticket.team, team)
        if ticket.assignee is not None:
            change(EventKind.TRANSFER, "assignee", ticket.assignee, "")
        ticket.team, ticket.assignee = team, None
        ticket.transfer_count += 1
    if policy.on_breach_notify in TO_MANAGERS and ticket.escalated_at is None:
        change(EventKind.ESCALATED, "", "", "")
        ticket.escalated_at, ticket.escalation_reason = now, note
        ticket.escalation_facts = facts  # worded in each reader's language
    if not events:
        return False
    ticket.updated_at = now
    ticket.save(
        update_fields=[
            "priority",
            "team",
            "assignee",
            "transfer_count",
            "escalated_at",
            "escalation_reason",
            "escalation_facts",
            "updated_at",
        ]
    )
    if moved:
        search.rescope_ticket(ticket.pk)  # who may find it changed
    TicketEvent.objects.bulk_create(events)
    if moved:
        do_add_system_note(ticket=ticket, body=note, facts=facts, now=now)  # the hand-off note
    hooks.ticket_changed(ticket, now=now, events=events)
    publish_on_commit(ticket.pk)
    return True
