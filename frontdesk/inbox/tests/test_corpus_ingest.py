"""Every real-world mail of the mail-gem corpus ingests: one ticket or note each, no crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk.inbox.choices import InboundStatus, Outcome
from frontdesk.inbox.models import InboundEmail
from frontdesk.inbox.services import content_hash, do_ingest_email, identify
from frontdesk.tickets.models import Message, Ticket

CORPUS = Path(__file__).parent / "fixtures" / "mail-gem"
FILES = sorted(p for p in CORPUS.rglob("*.eml") if p.stat().st_size)
BOUNCES = {p for p in FILES if p.parent.name == "multipart_report_emails"}


@pytest.mark.django_db
def test_it_ingests_the_whole_corpus_exactly_once_each(personas) -> None:
    assert len(FILES) >= 100
    outcomes: dict[Path, str] = {}
    seen: set[tuple[str, str]] = set()
    seen_ids: set[str] = set()
    reused = 0
    for path in FILES:
        raw = path.read_bytes()
        key = (identify(raw)[0], content_hash(raw))
        first = do_ingest_email(raw)
        # Two files of the corpus are one bounce with the same Message-ID and sender: the
        # same message, so the second is rightly a duplicate. Eight others share one
        # Message-ID with different content (the RFC examples too): each is kept, with a warning
        # (SECURITY.md 37).
        assert (first.outcome == Outcome.DUPLICATE) == (key in seen), path
        reused += key not in seen and key[0] in seen_ids
        seen.add(key)
        seen_ids.add(key[0])
        again = do_ingest_email(raw)
        assert again.outcome == Outcome.DUPLICATE, path
        outcomes[path] = first.outcome
    quarantined = [p.name for p, o in outcomes.items() if o == Outcome.QUARANTINED]
    assert quarantined == []
    assert not InboundEmail.objects.filter(status=InboundStatus.QUARANTINED).exists()
    # Each message made exactly one ticket, reply or note; bounces never open a ticket.
    made = Ticket.objects.count() + Message.objects.filter(ticket__isnull=False).count()
    assert made >= len(FILES)
    for path in BOUNCES:
        assert outcomes[path] in (Outcome.NOTE, Outcome.DUPLICATE), path
    tickets = [o for o in outcomes.values() if o == Outcome.TICKET]
    assert len(tickets) == Ticket.objects.count()
    assert InboundEmail.objects.count() == len(FILES) - sum(
        1 for o in outcomes.values() if o == Outcome.DUPLICATE
    )
    warned = InboundEmail.objects.exclude(warning="")
    assert warned.count() == reused > 0
    assert all("same Message-ID" in inbound.warning for inbound in warned)
