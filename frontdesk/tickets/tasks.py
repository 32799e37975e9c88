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
    """Send acknowledgements whose job was lost (worker killed) or whose claim expired.

    Runs on the worker's beat. It sends directly rather than enqueueing copies, so the
    queue never fills with duplicates; each send still claims the ticket first.
    """
    released = acknowledgement.release_stale_claims()
    cutoff = timezone.now() - STALE_AFTER
    ids = list(
        Ticket.objects.filter(ack_state=AckState.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:200]
    )
    sent = 0
    for ticket_id in ids:
        try:
            sent += acknowledgement.send_acknowledgement(ticket_id) == "sent"
        except Exception:
            logger.warning("acknowledgement of ticket %s failed; retried later", ticket_id)
    if ids or released:
        logger.info("stale acknowledgements: %d released, %d sent", released, sent)
    return sent
