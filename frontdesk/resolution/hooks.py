"""How this app reacts to ticket changes (registered in `apps.ResolutionConfig.ready`).

Runs inside the ticket service's transaction: a refusal rolls the change back.
"""

from __future__ import annotations

from frontdesk.resolution import schedule
from frontdesk.resolution.guard import refuse_unchecked_solve
from frontdesk.resolution.models import ResolutionSettings, SolvedTicket
from frontdesk.tickets.choices import Status
from frontdesk.tickets.hooks import TicketChange
from frontdesk.tickets.models import Ticket


def on_ticket_changed(ticket: Ticket, change: TicketChange) -> None:
    refuse_unchecked_solve(ticket, change)
    track_solved(ticket, change)


def track_solved(ticket: Ticket, change: TicketChange) -> None:
    """Keep `SolvedTicket` in step with the status: a row while the ticket is solved.

    A change without events (a merge closing its source) may have changed the status too.
    Leaving "solved" (a customer reply reopens, an agent or the sweep closes) deletes the
    row, which cancels the pending follow-up and auto-close.
    """
    if change.events and not any(event.field == "status" for event in change.events):
        return
    if ticket.status == Status.SOLVED and ticket.solved_at is not None:
        # The workspace's default answer to "Is a follow-up needed?"; solving with the
        # checklist (`do_solve_ticket`) then writes the agent's own answer.
        days = ResolutionSettings.current().follow_up_days
        follow_up_at = (
            schedule.default_time(ticket, solved_at=ticket.solved_at, days=days) if days else None
        )
        SolvedTicket.objects.update_or_create(
            ticket_id=ticket.pk,
            defaults={
                "solved_at": ticket.solved_at,
                "follow_up_at": follow_up_at,
                "follow_up_claimed_at": None,
                "follow_up_sent_at": None,
                "follow_up_attempts": 0,
            },
        )
    else:
        SolvedTicket.objects.filter(ticket_id=ticket.pk).delete()
