"""The write path of the email channel: store raw mail, then turn it into tickets.

Exactly once (X4): every received message is first stored raw under a unique key (its
Message-ID and sender, or the SHA-256 of its bytes when it has no Message-ID). The same
mail delivered again, at the same moment by another worker, or after a crash, finds the
row; processing takes the row's lock and acts only while it is still "received", so the
ticket and the "processed" mark commit together or not at all.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses

from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from frontdesk.core.errors import Invalid
from frontdesk.core.text import one_line
from frontdesk.inbox.choices import InboundStatus, Outcome, Source
from frontdesk.inbox.email.routing import Context, context, route
from frontdesk.inbox.models import InboundEmail, Mailbox

logger = logging.getLogger(__name__)

# The database is unreachable or locked: nothing is marked, the caller retries later.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
PROCESSED_FIELDS = [
    "from_address",
    "subject",
    "recipients",
    "status",
    "outcome",
    "ticket",
    "ticket_message",
    "processed_at",
    "error",
    "attempts",
]


@dataclass(frozen=True)
class IngestResult:
    outcome: str
    reference: str
    inbound_id: int

    def line(self) -> str:
        """What `frontdesk ingest-email` prints: `ticket FD-…`, `quarantined 12`…"""
        if self.outcome == Outcome.QUARANTINED:
            return f"quarantined {self.inbound_id}"
        return f"{self.outcome} {self.reference or '-'}"


def identify(raw: bytes) -> tuple[str, str, str]:
    """(dedupe key, Message-ID, SHA-256) read from the headers without a full parse."""
    sha = hashlib.sha256(raw).hexdigest()
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:256_000])
        message_id = one_line(str(headers.get("Message-ID", "") or ""), 250)
        senders = getaddresses([str(h) for h in headers.get_all("From", [])])
        sender = senders[0][1].lower() if senders else ""
    except Exception:  # headers so broken that even compat32 gives up
        message_id, sender = "", ""
    if message_id and "<" not in message_id:
        message_id = f"<{message_id}>"
    if message_id:
        return f"mid:{sender[:60]}:{message_id}"[:300], message_id, sha
    return f"sha256:{sha}", "", sha


def store_raw(
    raw: bytes,
    *,
    source: str,
    mailbox: Mailbox | None = None,
    imap_uid: int | None = None,
) -> tuple[InboundEmail, bool]:
    """Store the raw message (committed) before anything parses it; (row, created)."""
    if not raw.strip():
        raise Invalid("The message is empty.", field="raw")
    key, message_id, sha = identify(raw)
    try:
        with transaction.atomic():
            inbound = InboundEmail.objects.create(
                mailbox=mailbox,
                source=source,
                dedupe_key=key,
                message_id=message_id,
                sha256=sha,
                raw=raw,
                size=len(raw),
                imap_uid=imap_uid,
            )
            return inbound, True
    except IntegrityError:
        return InboundEmail.objects.get(dedupe_key=key), False


def _result(inbound: InboundEmail, *, repeated: bool) -> IngestResult:
    reference = inbound.ticket.reference if inbound.ticket_id and inbound.ticket else ""
    if inbound.status == InboundStatus.QUARANTINED:
        return IngestResult(Outcome.QUARANTINED, "", inbound.pk)
    outcome = Outcome.DUPLICATE if repeated else inbound.outcome
    return IngestResult(outcome, reference, inbound.pk)


def _quarantine(inbound_id: int, error: BaseException) -> IngestResult:
    detail = "".join(traceback.format_exception_only(type(error), error)).strip()
    InboundEmail.objects.filter(pk=inbound_id, status=InboundStatus.RECEIVED).update(
        status=InboundStatus.QUARANTINED,
        outcome=Outcome.QUARANTINED,
        error=detail[:4000],
        attempts=F("attempts") + 1,
        processed_at=timezone.now(),
    )
    return IngestResult(Outcome.QUARANTINED, "", inbound_id)


def _process_locked(inbound_id: int, ctx: Context) -> IngestResult:
    """Process one stored message; the caller holds a transaction."""
    inbound = (
        InboundEmail.objects.select_for_update(of=("self",))
        .select_related("ticket")
        .get(pk=inbound_id)
    )
    if inbound.status != InboundStatus.RECEIVED:
        return _result(inbound, repeated=True)
    now = timezone.now()
    routed = route(inbound, now, ctx)
    inbound.status = InboundStatus.PROCESSED
    inbound.outcome = routed.outcome
    inbound.ticket = routed.ticket
    inbound.ticket_message = routed.message
    inbound.processed_at = now
    inbound.error = ""
    inbound.attempts += 1
    inbound.save(update_fields=PROCESSED_FIELDS)  # never rewrite the raw bytes
    return _result(inbound, repeated=False)


def process_many(inbound_ids: Sequence[int]) -> list[IngestResult]:
    """Process stored messages in one transaction (one commit for the batch).

    Each message runs in its own savepoint: one that fails is rolled back alone and
    quarantined, the others go on. A database failure aborts the whole batch, which then
    stays "received" (nothing lost) and is processed again later.
    """
    results: list[IngestResult] = []
    with transaction.atomic():
        ctx = context()
        for inbound_id in inbound_ids:
            try:
                with transaction.atomic():
                    results.append(_process_locked(inbound_id, ctx))
            except TRANSIENT_ERRORS:
                raise
            except Exception as exc:
                logger.warning("email %s quarantined: %s", inbound_id, exc, exc_info=True)
                results.append(_quarantine(inbound_id, exc))
    return results


def process(inbound_id: int) -> IngestResult:
    """Turn one stored message into a ticket, reply or note, or quarantine it."""
    return process_many([inbound_id])[0]


def do_ingest_email(
    raw: bytes,
    *,
    source: str = Source.PIPE,
    mailbox: Mailbox | None = None,
    imap_uid: int | None = None,
) -> IngestResult:
    """Store then process one raw message. Raises only when it could not be stored."""
    inbound, _created = store_raw(raw, source=source, mailbox=mailbox, imap_uid=imap_uid)
    # A row stored earlier but never processed (a crash in between) is processed now;
    # one processed already gives `duplicate`.
    return process(inbound.pk)


def do_ingest_batch(
    items: Sequence[tuple[bytes, int | None]],
    *,
    source: str,
    mailbox: Mailbox | None = None,
) -> list[IngestResult]:
    """Store a batch of (raw, IMAP UID) in one commit, then process it in one more.

    The IMAP poller uses this: two commits per batch instead of two per message. Each
    message is still stored before it is parsed, and exactly once.
    """
    rows = []
    for raw, uid in items:
        if not raw.strip():
            continue  # nothing to store; the poller still marks it done
        key, message_id, sha = identify(raw)
        rows.append(
            InboundEmail(
                mailbox=mailbox,
                source=source,
                dedupe_key=key,
                message_id=message_id,
                sha256=sha,
                raw=raw,
                size=len(raw),
                imap_uid=uid,
            )
        )
    with transaction.atomic():
        # One INSERT for the batch; a message stored before (redelivered) is skipped here
        # and found by its key below.
        InboundEmail.objects.bulk_create(rows, ignore_conflicts=True)
    by_key = dict(
        InboundEmail.objects.filter(dedupe_key__in=[row.dedupe_key for row in rows]).values_list(
            "dedupe_key", "pk"
        )
    )
    return process_many([by_key[row.dedupe_key] for row in rows])


def do_reprocess_email(*, inbound: InboundEmail) -> IngestResult:
    """Try a quarantined message again (after a fix, or a changed setting)."""
    InboundEmail.objects.filter(pk=inbound.pk, status=InboundStatus.QUARANTINED).update(
        status=InboundStatus.RECEIVED, outcome=""
    )
    return process(inbound.pk)


def do_discard_email(*, inbound: InboundEmail) -> None:
    """Delete a quarantined message (spam, a bounce of nothing of ours)."""
    InboundEmail.objects.filter(pk=inbound.pk, status=InboundStatus.QUARANTINED).delete()
