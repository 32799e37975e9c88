"""Solving goes through the checklist at the entry points, not inside the ticket service.

`do_update_ticket(status="solved")` stays a plain service that imports, tests and the
demo data use. What may not happen is an agent solving a ticket from the outside without
the checklist. The ticket page routes its "Solved" choice to the checklist itself; the
REST API runs every operation inside `checklist_enforced()` (`frontdesk/api.py` adds
`enforce_checklist` to all operations), and there the ticket hook refuses a change to
"solved" while the checklist has active required items, unless it comes from
`do_solve_ticket`, which answers the checklist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.utils.translation import gettext as _

from frontdesk.core.errors import Invalid
from frontdesk.resolution.models import ChecklistItem
from frontdesk.tickets.choices import Status
from frontdesk.tickets.hooks import TicketChange
from frontdesk.tickets.models import Ticket

_enforced: ContextVar[bool] = ContextVar("resolution_checklist_enforced", default=False)
_solving: ContextVar[bool] = ContextVar("resolution_solving", default=False)


@contextmanager
def checklist_enforced() -> Iterator[None]:
    """Inside this block a ticket may become solved only through `do_solve_ticket`."""
    token = _enforced.set(True)
    try:
        yield
    finally:
        _enforced.reset(token)


@contextmanager
def solving() -> Iterator[None]:
    """Marks the status change made by `do_solve_ticket` (the checklist was answered)."""
    token = _solving.set(True)
    try:
        yield
    finally:
        _solving.reset(token)


def enforce_checklist(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator for API operations: run them inside `checklist_enforced()`."""

    @functools.wraps(view)
    def enforced(*args: Any, **kwargs: Any) -> Any:
        with checklist_enforced():
            return view(*args, **kwargs)

    return enforced


def refuse_unchecked_solve(ticket: Ticket, change: TicketChange) -> None:
    """Raise 422 when an enforced entry point solves the ticket without the checklist."""
    if not _enforced.get() or _solving.get() or ticket.status != Status.SOLVED:
        return
    if not any(e.field == "status" and e.new_value == Status.SOLVED for e in change.events):
        return
    if not ChecklistItem.objects.filter(active=True, required=True).exists():
        return
    raise Invalid(
        _(
            "Solve this ticket with the solve checklist: POST /api/v1/tickets/%(id)s/solve "
            "with the answers (in the workspace: Solve on the ticket page)."
        )
        % {"id": ticket.pk},
        field="status",
    )
