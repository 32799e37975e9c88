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
from django.utils.translation import gettext as _

from frontdesk.core.errors import Invalid
from frontdesk.core.text import one_line
from frontdesk.inbox.choices import InboundStatus, Outcome, Source
from frontdesk.inbox.email.routing import Context, HeldForReview, context, route
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.tickets.models import Ticket

logger = logging.getLogger(__name__)

# The database is unreachable or locked: nothing is marked, the caller retries later.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
CONTENT_HEADERS = ("from", "to", "cc", "subject", "date", "in-reply-to", "references")
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
    "warning",
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


def content_hash(raw: bytes) -> str:
    """SHA-256 of what the sender wrote: the body and the author's headers, not the trace
    headers each hop adds (Received, Delivered-To…), so the same mail delivered to two
    of our mailboxes or fetched twice counts as the same content."""
    data = raw.replace(b"\r\n", b"\n")
    head, _sep, body = data.partition(b"\n\n")
    fields: list[bytes] = []
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(head + b"\n\n")
        for name in CONTENT_HEADERS:
            fields.extend(
                f"{name}:{' '.join(str(v).split())}".encode() for v in headers.get_all(name, [])
            )
    except Exception:  # unreadable headers: the whole header block counts
        fields = [head]
    digest = hashlib.sha256(b"\n".join(fields))
    digest.update(b"\n\n" + b"\n".join(line.rstrip() for line in body.split(b"\n")).strip())
    return digest.hexdigest()


def _reuse_key(key: str, raw: bytes) -> str:
    """The key of another content under a Message-ID already stored (SECURITY.md 37)."""
    return "reused:" + hashlib.sha256(f"{key}\n{content_hash(raw)}".encode()).hexdigest()


def _reused_warning(first: InboundEmail) -> str:
    return _(
        "Warning: this email has the same Message-ID (%(message_id)s) as an earlier email "
        "received %(received)s, but different content. Both are kept; the earlier one is "
        "on %(where)s."
    ) % {
        "message_id": first.message_id,
        "received": timezone.localtime(first.received_at).strftime("%Y-%m-%d %H:%M"),
        "where": first.ticket.reference if first.ticket_id and first.ticket else _("no ticket"),
    }


def _same_or_variant(
    found: InboundEmail, raw: bytes, *, source: str, mailbox: Mailbox | None, imap_uid: int | None
) -> tuple[InboundEmail, bool]:
    """`found` holds this mail's key: the same mail again, or new content under a reused id."""
    if found.sha256 == hashlib.sha256(raw).hexdigest() or content_hash(
        bytes(found.raw)
    ) == content_hash(raw):
        return found, False
    variant_key = _reuse_key(found.dedupe_key, raw)
    try:
        with transaction.atomic():
            return InboundEmail.objects.create(
                mailbox=mailbox,
                source=source,
                dedupe_key=variant_key,
                message_id=found.message_id,
                sha256=hashlib.sha256(raw).hexdigest(),
                raw=raw,
                size=len(raw),
                imap_uid=imap_uid,
                warning=_reused_warning(found),
            ), True
    except IntegrityError:  # this variant was stored before
        return InboundEmail.objects.get(dedupe_key=variant_key), False


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
        found = InboundEmail.objects.select_related("ticket").get(dedupe_key=key)
    return _same_or_variant(found, raw, source=source, mailbox=mailbox, imap_uid=imap_uid)


def _result(inbound: InboundEmail, *, repeated: bool) -> IngestResult:
    # By id, not through a join: on PostgreSQL a row locked while another worker processed
    # it is re-read after the wait, but a join in the same query still sees the ticket as
    # absent (it did not exist in the statement's snapshot): `duplicate -`.
    reference = ""
    if inbound.ticket_id:
        reference = (
            Ticket.objects.filter(pk=inbound.ticket_id).values_list("reference", flat=True).first()
            or ""
        )
    if inbound.status == InboundStatus.QUARANTINED:
        return IngestResult(Outcome.QUARANTINED, "", inbound.pk)
    outcome = Outcome.DUPLICATE if repeated else inbound.outcome
    return IngestResult(outcome, reference, inbound.pk)


def _quarantine(inbound_id: int, error: BaseException) -> IngestResult:
    held = isinstance(error, HeldForReview)
    if held:
        detail = str(error)
    else:
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
    InboundEmail.objects.filter(pk=inbound_id, status=InboundStatus.RECEIVED).update(
        status=InboundStatus.QUARANTINED,
        outcome=Outcome.HELD if held else Outcome.QUARANTINED,
        error=detail[:4000],
        attempts=F("attempts") + 1,
        processed_at=timezone.now(),
    )
    return IngestResult(Outcome.QUARANTINED, "", inbound_id)


def _process_locked(inbound_id: int, ctx: Context) -> IngestResult:
    """Process one stored message; the caller holds a transaction."""
    inbound = InboundEmail.objects.select_for_update().get(pk=inbound_id)
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
            except HeldForReview as exc:
                logger.info("email %s held for review: %s", inbound_id, exc)
                results.append(_quarantine(inbound_id, exc))
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
    stored = {
        row.dedupe_key: row
        for row in InboundEmail.objects.filter(
            dedupe_key__in=[row.dedupe_key for row in rows]
        ).only("pk", "dedupe_key", "sha256", "message_id", "received_at", "ticket")
    }
    ids = []
    for row in rows:
        found = stored[row.dedupe_key]
        if found.sha256 != row.sha256:  # stored before, or another content under its id
            found, _created = _same_or_variant(
                found, bytes(row.raw), source=source, mailbox=mailbox, imap_uid=row.imap_uid
            )
        ids.append(found.pk)
    return process_many(ids)


def do_reprocess_email(*, inbound: InboundEmail) -> IngestResult:
    """Try a quarantined message again (after a fix, or a changed setting)."""
    InboundEmail.objects.filter(pk=inbound.pk, status=InboundStatus.QUARANTINED).update(
        status=InboundStatus.RECEIVED, outcome=""
    )
    return process(inbound.pk)


def do_accept_unverified_email(*, inbound: InboundEmail) -> IngestResult:
    """An administrator reviewed a mail held because its sender failed verification and
    lets it through: it is processed as if verified, with a warning on the ticket."""
    InboundEmail.objects.filter(pk=inbound.pk, status=InboundStatus.QUARANTINED).update(
        status=InboundStatus.RECEIVED, outcome="", accept_unverified=True
    )
    return process(inbound.pk)


def do_discard_email(*, inbound: InboundEmail) -> None:
    """Delete a quarantined message (spam, a bounce of nothing of ours)."""
    InboundEmail.objects.filter(pk=inbound.pk, status=InboundStatus.QUARANTINED).delete()
