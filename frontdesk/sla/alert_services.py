"""Write path of deadline alerts: a recipient marks theirs read, switches their emails (S3)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from frontdesk.accounts.models import User
from frontdesk.sla.models import DeadlineAlert


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
