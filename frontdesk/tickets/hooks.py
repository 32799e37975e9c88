"""Extension points of the ticket write path, for apps that sit above tickets.

Apps such as `sla` depend on tickets, never the reverse, yet must react to ticket
changes. They register plain functions here in their `AppConfig.ready()`; the services
call them inside the same transaction, after the ticket row and its events are saved.
This is explicit registration, not Django signals: the list of handlers is visible and
a handler that raises rolls the whole change back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from frontdesk.tickets.models import Message, Ticket, TicketEvent


@dataclass(frozen=True)
class TicketChange:
    """What one service call changed: its events and, for a message, the message."""

    now: datetime
    events: Sequence[TicketEvent] = field(default_factory=tuple)
    message: Message | None = None

    def old_value(self, field_name: str) -> str | None:
        """The value of `field_name` before this change, or None if it did not change."""
        for event in self.events:
            if event.field == field_name:
                return event.old_value
        return None


@dataclass(frozen=True)
class Solver:
    """How a screen of this app solves tickets when an app above owns solving (the
    resolution app's checklist, T7). `read_answers(posted_form)` returns the answers or
    raises a ServiceError; `solve(actor=, ticket=, answers=)` solves one ticket in its
    own transaction, raising a ServiceError when it may not."""

    read_answers: Callable[[Mapping[str, Any]], Any]
    solve: Callable[..., Any]


TicketCreatedHandler = Callable[[Ticket], None]
TicketChangedHandler = Callable[[Ticket, TicketChange], None]

EmailConnectionFactory = Callable[[str], Any]

on_ticket_created: list[TicketCreatedHandler] = []
on_ticket_changed: list[TicketChangedHandler] = []
email_connection_factories: list[EmailConnectionFactory] = []
solvers: list[Solver] = []


def register(
    *,
    created: TicketCreatedHandler | None = None,
    changed: TicketChangedHandler | None = None,
    email_connection: EmailConnectionFactory | None = None,
    solver: Solver | None = None,
) -> None:
    """Add handlers once (ready() may run more than once in tests)."""
    if created is not None and created not in on_ticket_created:
        on_ticket_created.append(created)
    if changed is not None and changed not in on_ticket_changed:
        on_ticket_changed.append(changed)
    if email_connection is not None and email_connection not in email_connection_factories:
        email_connection_factories.append(email_connection)
    if solver is not None and solver not in solvers:
        solvers.append(solver)


def solver() -> Solver | None:
    """The registered way to solve tickets, or None: then a status change will do."""
    return solvers[0] if solvers else None


def email_connection(from_address: str) -> Any:
    """The mail connection to send from `from_address` (a mailbox's own SMTP server), or
    None for Django's default connection."""
    for factory in email_connection_factories:
        connection = factory(from_address)
        if connection is not None:
            return connection
    return None


def ticket_created(ticket: Ticket) -> None:
    for handler in on_ticket_created:
        handler(ticket)


def ticket_changed(
    ticket: Ticket,
    *,
    now: datetime,
    events: Sequence[TicketEvent] = (),
    message: Message | None = None,
) -> None:
    change = TicketChange(now=now, events=events, message=message)
    for handler in on_ticket_changed:
        handler(ticket, change)
