"""Deadline alerts by email (S3): one summary per recipient, each alert emailed once.

The sweep writes alerts in bulk and, in the same transaction as each batch, enqueues one
`sla.tasks.email_deadline_alerts` job (no per-alert work in the sweep). The job walks the
recipients who have alerts not yet emailed (the partial index `sla_alert_to_email`) and
for each claims all their pending alerts with one conditional
`UPDATE … SET emailed_at WHERE recipient = … AND emailed_at IS NULL RETURNING id`: of two
workers exactly one gets the rows back, so nobody is emailed twice about an alert.

The recipient gets one email listing their new alerts (ticket reference, subject, target,
due time) in their language and time zone, with links to the tickets. Alerts of someone
who switched alert emails off (or has no address, or when the installation switched
them off with `FRONTDESK_ALERT_EMAILS=false`) are claimed without a mail. A failed send
gives the claim back; the SLA sweep's beat re-enqueues the job for alerts still pending
after `RETRY_AFTER`, and alerts older than `MAX_AGE` are passed over instead of mailed.
A worker killed between the claim and the send loses that one email (at most once).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontdesk.accounts.models import User, Workspace
from frontdesk.core.languages import first_offered
from frontdesk.core.text import one_line
from frontdesk.sla.access import visible_alerts
from frontdesk.sla.choices import AlertKind
from frontdesk.sla.models import DeadlineAlert
from frontdesk.tickets import hooks

logger = logging.getLogger(__name__)

RECIPIENTS_PER_JOB = 500
MAX_LISTED = 50  # alerts listed in one email; the rest are on the alerts page
MAX_AGE = timedelta(days=1)
RETRY_AFTER = timedelta(minutes=2)


@dataclass
class EmailResult:
    sent: int = 0  # emails
    skipped: int = 0  # recipients whose alerts were claimed without an email
    failed: int = 0


def retry_due(now: datetime | None = None) -> bool:
    """Alerts still not emailed a while after they were written (a lost or failed job)."""
    cutoff = (now or timezone.now()) - RETRY_AFTER
    return DeadlineAlert.objects.filter(emailed_at__isnull=True, created_at__lt=cutoff).exists()


def do_email_deadline_alerts(*, now: datetime | None = None) -> EmailResult:
    """Email every recipient with pending alerts one summary of them (see module doc)."""
    now = now or timezone.now()
    result = EmailResult()
    recipients = list(
        DeadlineAlert.objects.filter(emailed_at__isnull=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()[:RECIPIENTS_PER_JOB]
    )
    users = User.objects.in_bulk(recipients)
    for user_id in recipients:
        claimed = _claim(user_id, now)
        if not claimed:
            continue  # another worker has them
        user = users.get(user_id)
        alerts = _fresh_alerts(claimed, now, user)
        if user is None or not alerts or not wants_alert_emails(user):
            result.skipped += 1
            continue
        try:
            build_email(user, alerts).send()
        except Exception:
            logger.exception("deadline alerts of user %s could not be emailed", user_id)
            DeadlineAlert.objects.filter(pk__in=claimed).update(emailed_at=None)
            result.failed += 1
        else:
            result.sent += 1
    return result


def wants_alert_emails(user: User) -> bool:
    return bool(
        settings.FRONTDESK_ALERT_EMAILS
        and user.is_active
        and user.email
        and user.deadline_alert_emails
    )


def _claim(user_id: int, now: datetime) -> list[int]:
    table = connection.ops.quote_name(DeadlineAlert._meta.db_table)
    sql = (
        f"UPDATE {table} SET emailed_at = %s "  # noqa: S608
        "WHERE recipient_id = %s AND emailed_at IS NULL RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), user_id])
        return [row[0] for row in cursor.fetchall()]


def _fresh_alerts(ids: list[int], now: datetime, user: User | None) -> list[DeadlineAlert]:
    """The claimed alerts still worth an email, about tickets the user may see."""
    if user is None:
        return []
    alerts = DeadlineAlert.objects.filter(pk__in=ids, created_at__gte=now - MAX_AGE)
    alerts = visible_alerts(user, alerts)
    alerts = alerts.select_related("target__ticket", "plan_ticket")
    return list(alerts.order_by("due_at", "pk"))


def site_url(path: str) -> str:
    """An absolute link for an email: FRONTDESK_BASE_URL (the public address) + path."""
    base = (settings.FRONTDESK_BASE_URL or "http://localhost:8000").rstrip("/")
    return base + path


def recipient_language(user: User) -> str:
    return first_offered(user.language, Workspace.current().default_language)


def _time_zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def build_email(user: User, alerts: list[DeadlineAlert]) -> EmailMultiAlternatives:
    """One summary of `alerts` for `user`, in their language and time zone."""
    workspace = Workspace.current()
    zone = _time_zone(user)
    with translation.override(recipient_language(user)), timezone.override(zone):
        lines = [
            {
                "breach": alert.kind == AlertKind.BREACH,
                "kind": alert.get_kind_display(),
                "target": one_line(alert.what, 120),
                "reference": alert.ticket.reference,
                "subject": one_line(alert.ticket.subject, 120),
                "due": _due(alert.due_at, zone),
                "url": site_url(reverse("tickets:ticket-detail", args=[alert.ticket_id])),
            }
            for alert in alerts[:MAX_LISTED]
        ]
        breaches = sum(1 for alert in alerts if alert.kind == AlertKind.BREACH)
        context = {
            "name": user.first_name or user.username,
            "lines": lines,
            "more": len(alerts) - len(lines),
            "alerts_url": site_url(reverse("sla:alerts")),
            "workspace": workspace,
            "time_zone": str(zone),
        }
        subject = _subject(len(alerts), breaches, workspace.name)
        text = render_to_string("sla/emails/alerts_body.txt", context).strip() + "\n"
        html = render_to_string("sla/emails/alerts_body.html", context)
    sender = workspace.support_email or settings.DEFAULT_FROM_EMAIL
    mail = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
        connection=hooks.email_connection(sender),
    )
    mail.attach_alternative(html, "text/html")
    return mail


def _due(due_at: datetime | None, zone: ZoneInfo) -> str:
    if due_at is None:
        return ""
    return date_format(timezone.localtime(due_at, zone), "SHORT_DATETIME_FORMAT")


def _subject(count: int, breaches: int, business: str) -> str:
    warnings = count - breaches
    if breaches and warnings:
        text = _("Deadline alerts: %(missed)d missed, %(soon)d approaching") % {
            "missed": breaches,
            "soon": warnings,
        }
    elif breaches:
        text = ngettext("%(count)d missed deadline", "%(count)d missed deadlines", breaches) % {
            "count": breaches
        }
    else:
        text = ngettext(
            "%(count)d deadline approaching", "%(count)d deadlines approaching", warnings
        ) % {"count": warnings}
    return one_line(f"{text} · {business}" if business else text)
