"""Full-text search over tickets: subjects and messages, visibility respected.

One small interface with one implementation per database (ARCHITECTURE.md):
SQLite FTS5 when embedded, PostgreSQL full text with a GIN index when scaled out.
Indexing happens inside the services' transactions, so the index never disagrees
with the tickets it points at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet

from frontdesk.tickets.search import postgres, sqlite

MAX_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[str]:
    """Words of a user's query: letters and digits only, lower-cased, bounded."""
    return [w.lower() for w in _WORD.findall(query[:500])][:MAX_TERMS]


def _backend():  # type: ignore[no-untyped-def]
    return postgres if connection.vendor == "postgresql" else sqlite


def index_message(
    *, message_id: int, ticket_id: int, subject: str, body: str, internal: bool, language: str
) -> None:
    _backend().index_message(
        message_id=message_id,
        ticket_id=ticket_id,
        subject=subject,
        body=body,
        internal=internal,
        language=language,
    )


def reindex_subject(*, ticket_id: int, subject: str, language: str) -> None:
    """The subject lives on the ticket's first message row."""
    _backend().reindex_subject(ticket_id=ticket_id, subject=subject, language=language)


def move_messages(*, from_ticket_id: int, to_ticket_id: int) -> None:
    _backend().move_messages(from_ticket_id=from_ticket_id, to_ticket_id=to_ticket_id)


def forget_tickets(ticket_ids: Sequence[int]) -> None:
    _backend().forget_tickets(list(ticket_ids))


def rebuild_index() -> None:
    """Index every message again (after bulk loads, imports or a restore)."""
    _backend().rebuild()


def search_ticket_ids(
    query: str,
    *,
    visible: QuerySet,
    include_internal: bool,
    language: str = "",
    limit: int = 25,
    offset: int = 0,
) -> list[int]:
    """Ticket ids matching every word (as a prefix), best first, among `visible` tickets."""
    words = terms(query)
    if not words:
        return []
    return _backend().search(
        words,
        visible=visible,
        include_internal=include_internal,
        language=language,
        limit=limit,
        offset=offset,
    )
