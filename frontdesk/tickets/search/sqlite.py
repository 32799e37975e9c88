"""SQLite FTS5: one row per message (rowid = message id); subject on the first message."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

TABLE = "tickets_search_fts"

CREATE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
    subject, body, ticket_id UNINDEXED, internal UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
)
"""
DROP = f"DROP TABLE IF EXISTS {TABLE}"


def index_message(
    *, message_id: int, ticket_id: int, subject: str, body: str, internal: bool, language: str
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT OR REPLACE INTO {TABLE}(rowid, subject, body, ticket_id, internal) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            [message_id, subject, body, ticket_id, 1 if internal else 0],
        )


def reindex_subject(*, ticket_id: int, subject: str, language: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET subject = %s WHERE rowid = "  # noqa: S608
            f"(SELECT min(rowid) FROM {TABLE} WHERE ticket_id = %s)",
            [subject, ticket_id],
        )


def move_messages(*, from_ticket_id: int, to_ticket_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET ticket_id = %s, subject = '' WHERE ticket_id = %s",  # noqa: S608
            [to_ticket_id, from_ticket_id],
        )


def forget_tickets(ticket_ids: list[int]) -> None:
    if not ticket_ids:
        return
    marks = ", ".join(["%s"] * len(ticket_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE ticket_id IN ({marks})", ticket_ids)  # noqa: S608


def match_expression(words: list[str]) -> str:
    """Every word as a quoted prefix term: user text can never reach FTS5 syntax."""
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def search(
    words: list[str],
    *,
    visible: QuerySet,
    include_internal: bool,
    language: str,
    limit: int,
    offset: int,
) -> list[int]:
    visible_sql, visible_params = visible.values("pk").query.sql_with_params()
    internal = "" if include_internal else "AND internal = 0"
    # bm25() only works in the query that does the MATCH: rank there, filter outside.
    sql = (
        "WITH hits AS MATERIALIZED ("  # noqa: S608
        f"SELECT ticket_id, internal, bm25({TABLE}, 3.0, 1.0) AS r FROM {TABLE} "
        f"WHERE {TABLE} MATCH %s) "
        f"SELECT ticket_id FROM hits WHERE ticket_id IN ({visible_sql}) {internal} "
        "GROUP BY ticket_id ORDER BY min(r), ticket_id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match_expression(words), *visible_params, limit, offset])
        return [int(row[0]) for row in cursor.fetchall()]


def rebuild() -> None:
    """Index every message again from the tables (after bulk loads and imports)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {TABLE}(rowid, subject, body, ticket_id, internal) "  # noqa: S608
            "SELECT m.id, CASE WHEN m.id = f.first_id THEN t.subject ELSE '' END, m.body, "
            "m.ticket_id, CASE WHEN m.kind = 'note' THEN 1 ELSE 0 END "
            "FROM tickets_message m JOIN tickets_ticket t ON t.id = m.ticket_id "
            "JOIN (SELECT ticket_id, min(id) AS first_id FROM tickets_message "
            "GROUP BY ticket_id) f ON f.ticket_id = m.ticket_id "
            "WHERE m.author_type != 'system'"
        )
