"""Background jobs of the tickets app (django-tasks, database backend)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from frontdesk.tickets import acknowledgement
from frontdesk.tickets.choices import AckState
from frontdesk.tickets.models import Ticket

logger = logging.getLogger(__name__)

# A pending acknowledgement whose job vanished (worker killed mid-claim) is retried after this.
STALE_AFTER = timedelta(minutes=2)


@task()
def acknowledge_ticket(ticket_id: int) -> str:
    """Send the acknowledgement of a new ticket, once (C7)."""
    return acknowledgement.send_acknowledgement(ticket_id)


@task()
def requeue_stale_acknowledgements() -> int:
    """Re-enqueue acknowledgements still pending long after their ticket was created."""
    cutoff = timezone.now() - STALE_AFTER
    ids = list(
        Ticket.objects.filter(ack_state=AckState.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    for ticket_id in ids:
        acknowledge_ticket.enqueue(ticket_id)
    if ids:
        logger.info("re-enqueued %d stale acknowledgements", len(ids))
    return len(ids)
