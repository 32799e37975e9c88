"""Write path of deadline alerts: a recipient marks theirs read, switches their emails (S3);
an action plan coming due alerts its author (T7)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from frontdesk.accounts.models import User
from frontdesk.core.jobs import enqueue_with_transaction
from frontdesk.core.text import one_line
from frontdesk.sla.choices import AlertKind
from frontdesk.sla.models import DeadlineAlert
from frontdesk.sla.tasks import email_deadline_alerts
from frontdesk.tickets.models import Ticket


@transaction.atomic
def do_alert_action_plan_due(
    *, recipient: User, ticket: Ticket, plan_text: str, due_at: datetime, now: datetime
) -> DeadlineAlert:
    """Tell `recipient` (the plan's author) on the Deadlines page, and by the alert email
    when they keep it on, that an action plan is due at `due_at`. The caller claims the
    plan first, so each plan alerts once."""
    alert = DeadlineAlert.objects.create(
        recipient=recipient,
        target=None,
        plan_ticket=ticket,
        plan_text=one_line(plan_text, 300),
        kind=AlertKind.ACTION_PLAN,
        due_at=due_at,
        created_at=now,
    )
    enqueue_with_transaction(email_deadline_alerts)
    return alert


@transaction.atomic
def do_mark_alert_read(
    *, user: User, alert: DeadlineAlert, now: datetime | None = None
) -> DeadlineAlert:
    """Mark one of the user's own alerts read (fetch it with `access_alert`); someone
    else's alert is left alone."""
    if alert.read_at is None and alert.recipient_id == user.pk:
        alert.read_at = now or timezone.now()
        DeadlineAlert.objects.filter(pk=alert.pk, recipient=user, read_at__isnull=True).update(
            read_at=alert.read_at
        )
    return alert


@transaction.atomic
def do_mark_all_alerts_read(*, user: User, now: datetime | None = None) -> int:
    """Mark all the user's unread alerts read; returns how many."""
    return DeadlineAlert.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


@transaction.atomic
def do_set_alert_emails(*, user: User, enabled: bool) -> User:
    """Switch the user's own deadline alert emails on or off (the workspace page stays)."""
    user.deadline_alert_emails = enabled
    User.objects.filter(pk=user.pk).update(deadline_alert_emails=enabled)
    return user
