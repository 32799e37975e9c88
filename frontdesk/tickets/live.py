"""Live inbox updates: a tiny "ticket changed" signal over the channel layer.

The message carries only the ticket id, never ticket data. Each socket passes it on only
when its user may see that ticket (`consumers.InboxConsumer`, by `tickets.access`), so
not even the ids of other teams' tickets reach a browser. Browsers that receive it
reload their list through the normal inbox view, which applies the same rule again.
"""

from __future__ import annotations

import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

INBOX_GROUP = "inbox"


def publish_ticket_changed(ticket_id: int) -> None:
    """Tell every open inbox that a ticket changed. Failures are logged, never raised."""
    try:
        layer = get_channel_layer()
        if layer is None:
            return
        async_to_sync(layer.group_send)(
            INBOX_GROUP, {"type": "ticket.changed", "ticket_id": int(ticket_id)}
        )
    except Exception:
        logger.warning("live update for ticket %s was not published", ticket_id, exc_info=True)


def publish_on_commit(ticket_id: int) -> None:
    """Publish once the current transaction commits (nothing if it rolls back)."""
    transaction.on_commit(partial(publish_ticket_changed, ticket_id))
