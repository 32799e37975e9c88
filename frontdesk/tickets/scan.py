"""Malware scanning of attachments, and when a file may be downloaded (SECURITY.md 32).

With `FRONTDESK_CLAMD_SOCKET` or `FRONTDESK_CLAMD_TCP` set, every stored attachment
starts `pending` and a background job (`scan_attachment`, django-tasks) streams it to
clamd: `clean`, `infected` (recorded on the ticket's history) or `failed` (clamd down or
in error). Ingestion does not wait for the scanner.

Downloads (`download_block`): a file with malware, or of a type the channel refused, is
blocked; a file not yet found clean is blocked too while a scanner is configured and
`FRONTDESK_SCAN_FAIL_CLOSED` is on (the default). Files stored before a scanner was
configured stay `not_scanned` and downloadable. An administrator may release a blocked
file or scan it again; both are recorded on the ticket's history.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from frontdesk.accounts.models import User
from frontdesk.core.errors import Conflict, Forbidden
from frontdesk.core.jobs import enqueue_with_transaction
from frontdesk.tickets import clamd
from frontdesk.tickets.attachments import scanner_configured
from frontdesk.tickets.choices import EventKind, Refusal, ScanState
from frontdesk.tickets.live import publish_on_commit
from frontdesk.tickets.models import Attachment, TicketEvent

RELEASED = "released"


@task()
def scan_attachment(attachment_id: int) -> str:
    """Scan one attachment with clamd (enqueued when it is stored)."""
    return run_scan(attachment_id)


def run_scan(attachment_id: int, *, now: datetime | None = None) -> str:
    attachment = Attachment.objects.select_related("message").filter(pk=attachment_id).first()
    if attachment is None or attachment.scan_state != ScanState.PENDING:
        return "skipped"
    if not scanner_configured():
        return "skipped"
    try:
        with attachment.file.open("rb") as stream:
            verdict = clamd.scan_stream(
                stream,
                unix_socket=settings.FRONTDESK_CLAMD_SOCKET,
                tcp=settings.FRONTDESK_CLAMD_TCP,
                timeout=settings.FRONTDESK_CLAMD_TIMEOUT,
            )
    except (clamd.ScannerError, OSError) as error:
        state, result = ScanState.FAILED, str(error)
    else:
        state = ScanState.INFECTED if verdict.infected else ScanState.CLEAN
        result = verdict.signature
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Attachment.objects.filter(pk=attachment.pk, scan_state=ScanState.PENDING).update(
            scan_state=state, scan_result=result[:200], scanned_at=now
        )
        if claimed and state == ScanState.INFECTED:
            TicketEvent.objects.create(
                ticket_id=attachment.message.ticket_id,
                kind=EventKind.CHANGED,
                field="attachment",
                old_value=ScanState.PENDING,
                new_value=ScanState.INFECTED,
                note=f"{attachment.filename}: {result}"[:500],
                created_at=now,
            )
        if claimed:
            publish_on_commit(attachment.message.ticket_id)
    return str(state) if claimed else "skipped"


def download_block(attachment: Attachment) -> str:
    """Why the file cannot be downloaded now ("" when it can), as its reader sees it."""
    if attachment.released_at is not None:
        return ""
    if attachment.scan_state == ScanState.INFECTED:
        return _("Malware was found in this file (%(signature)s). It cannot be downloaded.") % {
            "signature": attachment.scan_result or "?"
        }
    if attachment.refused == Refusal.TYPE:
        return _("Files of this type are not accepted. An administrator can release it.")
    if attachment.refused == Refusal.IMAGE:
        return _("This image could not be checked. An administrator can release it.")
    fail_closed = settings.FRONTDESK_SCAN_FAIL_CLOSED and scanner_configured()
    if fail_closed and attachment.scan_state == ScanState.FAILED:
        return _("The malware scan failed, so the file cannot be downloaded yet.")
    if fail_closed and attachment.scan_state == ScanState.PENDING:
        return _("The file is being scanned for malware. Try again in a moment.")
    return ""


def _blocked_because(attachment: Attachment) -> str:
    if attachment.scan_state == ScanState.INFECTED:
        return ScanState.INFECTED
    return attachment.refused or attachment.scan_state


@transaction.atomic
def do_release_attachment(
    *, actor: User, attachment: Attachment, now: datetime | None = None
) -> Attachment:
    """An administrator lets a blocked file be downloaded; written on the history."""
    if not actor.is_admin:
        raise Forbidden(_("Only administrators can release a blocked file."))
    attachment = (
        Attachment.objects.select_for_update().select_related("message").get(pk=attachment.pk)
    )
    if not download_block(attachment):
        raise Conflict(_("This file is not blocked."))
    now = now or timezone.now()
    reason = _blocked_because(attachment)
    attachment.released_at, attachment.released_by = now, actor
    attachment.save(update_fields=["released_at", "released_by"])
    TicketEvent.objects.create(
        ticket_id=attachment.message.ticket_id,
        kind=EventKind.CHANGED,
        field="attachment",
        old_value=reason,
        new_value=RELEASED,
        note=attachment.filename,
        actor_user=actor,
        created_at=now,
    )
    publish_on_commit(attachment.message.ticket_id)
    return attachment


@transaction.atomic
def do_rescan_attachment(*, actor: User, attachment: Attachment) -> Attachment:
    """An administrator has a file scanned again (after an outage)."""
    if not actor.is_admin:
        raise Forbidden(_("Only administrators can scan a file again."))
    if not scanner_configured():
        raise Conflict(_("No malware scanner is configured."))
    Attachment.objects.filter(pk=attachment.pk).update(scan_state=ScanState.PENDING)
    attachment.scan_state = ScanState.PENDING
    enqueue_with_transaction(scan_attachment, attachment.pk)
    return attachment
