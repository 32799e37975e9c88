"""IMAP polling: fetch by UID, store, process, and only then mark done on the server.

The position in the folder is the last UID processed (with the folder's UIDVALIDITY), so
\\Seen flags set by people reading the mailbox change nothing. A poll that fails part way
(the database is down, the connection drops) leaves the rest for the next poll: nothing
is marked done that was not committed, and dedupe makes re-fetching harmless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from frontdesk.core.text import one_line
from frontdesk.inbox.choices import Source
from frontdesk.inbox.email.imap import ImapError, ImapSettings, ImapSource
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import TRANSIENT_ERRORS, do_ingest_batch

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
BATCH = 100
# Messages stored and processed per transaction: fewer commits (the cost on PostgreSQL),
# while the SQLite write lock is never held for long.
COMMIT_EVERY = 25


@dataclass
class PollReport:
    fetched: int = 0
    outcomes: dict[str, int] | None = None
    error: str = ""


def imap_settings(mailbox: Mailbox) -> ImapSettings:
    return ImapSettings(
        host=mailbox.imap_host,
        port=mailbox.imap_port,
        security=mailbox.imap_security,
        username=mailbox.imap_username,
        password=mailbox.imap_password,
        folder=mailbox.imap_folder or "INBOX",
    )


def _claim(mailbox: Mailbox, now: datetime) -> bool:
    """One poller per mailbox at a time (a lease, so a dead worker's claim expires)."""
    return bool(
        Mailbox.objects.filter(pk=mailbox.pk)
        .filter(Q(poll_lease_until__isnull=True) | Q(poll_lease_until__lt=now))
        .update(poll_lease_until=now + LEASE)
    )


def poll_mailbox(mailbox: Mailbox, *, limit: int = BATCH) -> PollReport:
    now = timezone.now()
    report = PollReport(outcomes={})
    if not _claim(mailbox, now):
        return report
    try:
        with ImapSource(imap_settings(mailbox)) as source:
            _poll(mailbox, source, report, limit)
    except ImapError as exc:
        report.error = one_line(str(exc), 500)
    except TRANSIENT_ERRORS as exc:
        report.error = one_line(f"database unavailable: {exc}", 500)
        logger.warning("poll of %s stopped, database unavailable: %s", mailbox.address, exc)
        return report  # the lease expires on its own; nothing was marked done
    Mailbox.objects.filter(pk=mailbox.pk).update(
        poll_lease_until=None, last_polled_at=timezone.now(), last_error=report.error
    )
    return report


def _poll(mailbox: Mailbox, source: ImapSource, report: PollReport, limit: int) -> None:
    validity = source.uidvalidity()
    if mailbox.imap_uidvalidity != validity:
        if mailbox.imap_uidvalidity is None and mailbox.start_from_now:
            start = source.newest_uid()
        else:
            # A new folder (or a rebuilt one): read it all again; dedupe drops repeats.
            start = 0
        Mailbox.objects.filter(pk=mailbox.pk).update(imap_uidvalidity=validity, imap_last_uid=start)
        mailbox.imap_uidvalidity, mailbox.imap_last_uid = validity, start
    assert report.outcomes is not None
    fetched = source.fetch_since(mailbox.imap_last_uid, limit=limit)
    for start in range(0, len(fetched), COMMIT_EVERY):
        chunk = fetched[start : start + COMMIT_EVERY]
        results = do_ingest_batch(
            [(raw, uid) for uid, raw in chunk], source=Source.IMAP, mailbox=mailbox
        )
        # Committed: only now is each message marked done on the server.
        for uid, _raw in chunk:
            source.mark_done(uid)
        newest = chunk[-1][0]
        Mailbox.objects.filter(pk=mailbox.pk, imap_last_uid__lt=newest).update(imap_last_uid=newest)
        mailbox.imap_last_uid = newest
        report.fetched += len(chunk)
        for result in results:
            report.outcomes[result.outcome] = report.outcomes.get(result.outcome, 0) + 1


def mailboxes_due(now: datetime) -> list[Mailbox]:
    due = []
    for mailbox in Mailbox.objects.filter(active=True).exclude(imap_host=""):
        last = mailbox.last_polled_at
        if last is None or last + timedelta(seconds=mailbox.poll_interval_seconds) <= now:
            due.append(mailbox)
    return due
