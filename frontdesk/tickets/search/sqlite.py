"""SQLite FTS5: one row per message (rowid = message id); subject on the first message."""

from __future__ import annotations

from django.db import connection
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL

TABLE = "tickets_search_fts"
FETCH_BATCH = 200  # matching messages read at a time

CREATE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
    subject, body, ticket_id UNINDEXED, internal UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
)
"""
DROP = f"DROP TABLE IF EXISTS {TABLE}"

# message id -> ticket id without reading the wide FTS content or message rows: the
# search reads it for every matching message it checks (migration 0005).
MESSAGE_TICKET_INDEX = "tickets_search_message_ticket"
CREATE_MESSAGE_TICKET_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {MESSAGE_TICKET_INDEX} ON tickets_message (id, ticket_id)"
)
DROP_MESSAGE_TICKET_INDEX = f"DROP INDEX IF EXISTS {MESSAGE_TICKET_INDEX}"


def index_message(
    *, message_id: int, ticket_id: int, subject: str, body: str, internal: bool, language: str
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT OR REPLACE INTO {TABLE}(rowid, subject, body, ticket_id, internal) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            [message_id, subject, body, ticket_id, 1 if internal else 0],
        )


# `ticket_id` is UNINDEXED in FTS5: `WHERE ticket_id = ?` alone reads every row of the
# index. The ticket's rows are found by rowid from its messages instead.
_ROWS_OF = "rowid IN (SELECT id FROM tickets_message WHERE ticket_id IN (%s, %s))"


def reindex_subject(*, ticket_id: int, subject: str, language: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET subject = %s WHERE rowid = "  # noqa: S608
            f"(SELECT min(rowid) FROM {TABLE} WHERE {_ROWS_OF} AND ticket_id = %s)",
            [subject, ticket_id, ticket_id, ticket_id],
        )


def move_messages(*, from_ticket_id: int, to_ticket_id: int) -> None:
    """Before or after the messages themselves moved: both tickets' messages are looked at."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET ticket_id = %s, subject = '' "  # noqa: S608
            f"WHERE {_ROWS_OF} AND ticket_id = %s",
            [to_ticket_id, from_ticket_id, to_ticket_id, from_ticket_id],
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
    """The `offset + limit` most recently active matching tickets, best match first.

    FTS5 walks the matching messages newest first (rowid order, no sort) and checks
    each one's ticket against `visible` by primary key, and we stop reading as soon as
    enough tickets are found. So a common word costs what it takes to find `limit`
    visible tickets, not a bm25() of every message in the table that contains it.
    """
    ticket = RawSQL("m.ticket_id", (), output_field=IntegerField())
    check_sql, check_params = (
        visible.filter(pk=ticket).order_by().values("pk").query.sql_with_params()
    )
    internal = "" if include_internal else f"AND {TABLE}.internal = 0"
    # bm25() is computed only for the rows that pass the WHERE clause (visible ones).
    sql = (
        f"SELECT m.ticket_id, bm25({TABLE}, 3.0, 1.0) FROM {TABLE} "  # noqa: S608
        f"JOIN tickets_message AS m INDEXED BY {MESSAGE_TICKET_INDEX} ON m.id = {TABLE}.rowid "
        f"WHERE {TABLE} MATCH %s {internal} AND EXISTS ({check_sql}) "
        f"ORDER BY {TABLE}.rowid DESC"
    )
    wanted = offset + limit
    best: dict[int, float] = {}  # ticket id -> its best (lowest) bm25 so far
    with connection.cursor() as cursor:
        cursor.execute(sql, [match_expression(words), *check_params])
        while len(best) < wanted and (rows := cursor.fetchmany(FETCH_BATCH)):
            for ticket_id, rank in rows:
                if ticket_id in best:
                    best[ticket_id] = min(best[ticket_id], rank)
                elif len(best) < wanted:
                    best[ticket_id] = rank
    ranked = sorted(best, key=lambda ticket_id: (best[ticket_id], -ticket_id))
    return ranked[offset:wanted]


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
