"""PostgreSQL full text: one row per message with a tsvector and a GIN index.

Each document is indexed twice: with the 'simple' configuration (exact words and
prefixes in any language) and, where PostgreSQL has a stemmer for the ticket's
language, with that language's configuration (so "returns" finds "returned").
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL

TABLE = "tickets_search_pg"

STEMMERS = {"en": "english", "tr": "turkish"}

CREATE = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        message_id bigint PRIMARY KEY,
        ticket_id bigint NOT NULL,
        internal boolean NOT NULL,
        config regconfig NOT NULL,
        subject text NOT NULL,
        document tsvector NOT NULL
    )""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_doc ON {TABLE} USING gin (document)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_ticket ON {TABLE} (ticket_id)",
]
DROP = f"DROP TABLE IF EXISTS {TABLE}"

DOCUMENT = (
    "setweight(to_tsvector('simple', %(subject)s), 'A') || to_tsvector('simple', %(body)s)"
    " || setweight(to_tsvector(%(config)s::regconfig, %(subject)s), 'A')"
    " || to_tsvector(%(config)s::regconfig, %(body)s)"
)


def config_for(language: str) -> str:
    return STEMMERS.get((language or "")[:2], "simple")


def index_message(
    *, message_id: int, ticket_id: int, subject: str, body: str, internal: bool, language: str
) -> None:
    params: dict[str, Any] = {
        "message_id": message_id,
        "ticket_id": ticket_id,
        "internal": internal,
        "config": config_for(language),
        "subject": subject,
        "body": body,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (message_id, ticket_id, internal, config, subject, document) "  # noqa: S608
            f"VALUES (%(message_id)s, %(ticket_id)s, %(internal)s, %(config)s::regconfig, "
            f"%(subject)s, {DOCUMENT}) "
            "ON CONFLICT (message_id) DO NOTHING",
            params,
        )


def reindex_subject(*, ticket_id: int, subject: str, language: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} AS s SET subject = %(subject)s, document = "  # noqa: S608
            "setweight(to_tsvector('simple', %(subject)s), 'A') "
            "|| setweight(to_tsvector(s.config, %(subject)s), 'A') "
            f"|| (SELECT to_tsvector('simple', m.body) || to_tsvector(s.config, m.body) "
            "    FROM tickets_message m WHERE m.id = s.message_id) "
            f"WHERE s.message_id = (SELECT min(message_id) FROM {TABLE} "
            "WHERE ticket_id = %(ticket_id)s)",
            {"subject": subject, "ticket_id": ticket_id},
        )


def move_messages(*, from_ticket_id: int, to_ticket_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET ticket_id = %s WHERE ticket_id = %s",  # noqa: S608
            [to_ticket_id, from_ticket_id],
        )


def forget_tickets(ticket_ids: list[int]) -> None:
    if ticket_ids:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE ticket_id = ANY(%s)", [ticket_ids])  # noqa: S608


def search(
    words: list[str],
    *,
    visible: QuerySet,
    include_internal: bool,
    language: str,
    limit: int,
    offset: int,
) -> list[int]:
    """The `offset + limit` most recently active matching tickets, best match first.

    As on SQLite, the window is the newest matching tickets the actor may see, and
    ts_rank() (which reads the whole document) runs only for the messages of the
    tickets in that window, not for every match. PostgreSQL cannot stop the GIN scan
    early: it still reads every matching row and checks visibility (usually as one hash
    join against the visible tickets). See docs/performance.md.
    """
    # `words` are \w+ only (see search.terms), so they are safe inside tsquery syntax.
    prefix_query = " & ".join(f"{w}:*" for w in words)
    stem_query = " & ".join(words)
    config = config_for(language)
    ticket = RawSQL("s.ticket_id", (), output_field=IntegerField())
    check_sql, check_params = (
        visible.filter(pk=ticket).order_by().values("pk").query.sql_with_params()
    )
    internal = "" if include_internal else "AND NOT s.internal"
    sql = (
        "WITH q AS (SELECT to_tsquery('simple', %s) || to_tsquery(%s::regconfig, %s) AS query), "  # noqa: S608
        f"recent AS (SELECT s.ticket_id FROM {TABLE} s, q WHERE s.document @@ q.query {internal} "
        f"AND EXISTS ({check_sql}) "
        "GROUP BY s.ticket_id ORDER BY max(s.message_id) DESC LIMIT %s) "
        f"SELECT s.ticket_id, max(ts_rank(s.document, q.query)) FROM {TABLE} s, q, recent "
        f"WHERE s.ticket_id = recent.ticket_id AND s.document @@ q.query {internal} "
        "GROUP BY s.ticket_id"
    )
    params = [prefix_query, config, stem_query, *check_params, offset + limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ranks = {int(ticket_id): rank for ticket_id, rank in cursor.fetchall()}
    ranked = sorted(ranks, key=lambda ticket_id: (-ranks[ticket_id], -ticket_id))
    return ranked[offset : offset + limit]


def rebuild() -> None:
    """Index every message again from the tables (after bulk loads and imports)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} (message_id, ticket_id, internal, config, subject, document) "  # noqa: S608
            "SELECT m.id, m.ticket_id, m.kind = 'note', c.config, c.subject, "
            "setweight(to_tsvector('simple', c.subject), 'A') || to_tsvector('simple', m.body) "
            "|| setweight(to_tsvector(c.config, c.subject), 'A') || to_tsvector(c.config, m.body) "
            "FROM tickets_message m JOIN tickets_ticket t ON t.id = m.ticket_id "
            "JOIN (SELECT ticket_id, min(id) AS first_id FROM tickets_message "
            "GROUP BY ticket_id) f ON f.ticket_id = m.ticket_id "
            "CROSS JOIN LATERAL (SELECT (CASE left(t.language, 2) "
            + " ".join(f"WHEN '{code}' THEN '{cfg}'" for code, cfg in STEMMERS.items())
            + " ELSE 'simple' END)::regconfig AS config, "
            "CASE WHEN m.id = f.first_id THEN t.subject ELSE '' END AS subject) c "
            "WHERE m.author_type != 'system'"
        )
