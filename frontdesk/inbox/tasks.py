"""Background jobs of the email channel (django-tasks, database backend)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from frontdesk.inbox.choices import InboundStatus
from frontdesk.inbox.email import delivery, polling
from frontdesk.inbox.models import InboundEmail
from frontdesk.inbox.services import process

logger = logging.getLogger(__name__)


@task()
def deliver_message(message_id: int) -> str:
    """Send one agent reply by email (claimed, so never twice)."""
    return delivery.deliver(message_id)


@task()
def poll_mailboxes() -> int:
    """Poll every IMAP mailbox whose interval has passed; runs on the worker beat."""
    fetched = 0
    for mailbox in polling.mailboxes_due(timezone.now()):
        report = polling.poll_mailbox(mailbox)
        fetched += report.fetched
        if report.error:
            logger.warning("mailbox %s: %s", mailbox.address, report.error)
    return fetched


@task()
def retry_email_work() -> int:
    """Replies due for another delivery attempt, and stored mail never processed."""
    now = timezone.now()
    done = 0
    for message_id in delivery.due_for_retry(now):
        done += delivery.deliver(message_id, now) == "sent"
    stuck = InboundEmail.objects.filter(
        status=InboundStatus.RECEIVED, received_at__lt=now - timedelta(minutes=2)
    ).values_list("pk", flat=True)[:200]
    for inbound_id in stuck:
        process(inbound_id)
        done += 1
    return done
