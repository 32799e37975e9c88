"""Marking a ticket sensitive: health or other special data (SECURITY.md 12).

Who sees a sensitive ticket is part of the one visibility rule (`access.ticket_scopes`):
administrators, the roles the workspace names (`Workspace.sensitive_roles`, managers by
default) and the ticket's assignee. Only the first two may set or clear the mark: an
assignee of another role sees the ticket but cannot open it to their colleagues.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontdesk.accounts.models import User
from frontdesk.accounts.visibility import may_see_sensitive
from frontdesk.core.errors import Forbidden
from frontdesk.tickets import hooks
from frontdesk.tickets.access import Actor
from frontdesk.tickets.choices import EventKind
from frontdesk.tickets.live import publish_on_commit
from frontdesk.tickets.models import Ticket, TicketEvent

# The history shows the change with these words (event values "true"/"false").
SENSITIVE_LABELS = {"true": gettext_lazy("sensitive"), "false": gettext_lazy("not sensitive")}


def may_mark_sensitive(actor: Actor) -> bool:
    return isinstance(actor, User) and may_see_sensitive(actor)


@transaction.atomic
def do_set_ticket_sensitive(
    *, actor: Actor, ticket: Ticket, sensitive: bool, now: datetime | None = None
) -> Ticket:
    """Mark the ticket sensitive or clear the mark; one history event when it changes."""
    if not isinstance(actor, User) or not may_mark_sensitive(actor):
        raise Forbidden(
            _("Only the roles allowed to see sensitive tickets can change this mark."),
            field="sensitive",
        )
    now = now or timezone.now()
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.sensitive == sensitive:
        return ticket
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=EventKind.CHANGED,
        field="sensitive",
        old_value=str(ticket.sensitive).lower(),
        new_value=str(sensitive).lower(),
        actor_user=actor,
        created_at=now,
    )
    ticket.sensitive = sensitive
    ticket.updated_at = now
    ticket.save(update_fields=["sensitive", "updated_at"])
    hooks.ticket_changed(ticket, now=now, events=[event])
    publish_on_commit(ticket.pk)
    return ticket
