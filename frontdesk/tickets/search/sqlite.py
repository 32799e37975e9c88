"""SQLite FTS5: one row per message (rowid = message id); subject on the first message.

Each row also carries its ticket's scope tokens (`search.scope_for`) in the `scope` column:
the user's words are matched in `{subject body}` only and, for an actor whose view is
limited, ANDed with `scope : (t12 OR u34 ...)`, so FTS5 intersects the doclists instead
of the search reading every match to check its visibility.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL

TABLE = "tickets_search_fts"
FETCH_BATCH = 200  # matching messages read at a time

CREATE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
    subject, body, ticket_id UNINDEXED, internal UNINDEXED, scope,
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

COLLABORATORS = "tickets_ticket_collaborators"


def _scope_of(t: str) -> str:
    """SQL: the scope tokens of ticket row `t`, space separated (see `search.scope_for`)."""
    return (
        f"coalesce('t' || {t}.team_id, '') || coalesce(' b' || {t}.branch_id, '') || "  # noqa: S608
        f"coalesce(' u' || {t}.assignee_id, '') || "
        f"coalesce((SELECT ' ' || group_concat('u' || c.user_id, ' ') FROM {COLLABORATORS} c "
        f"WHERE c.ticket_id = {t}.id), '')"
    )


# The scope of the ticket whose id is the statement's parameter.
SCOPE_OF_TICKET = f"(SELECT {_scope_of('t')} FROM tickets_ticket t WHERE t.id = %s)"  # noqa: S608


def index_message(
    *, message_id: int, ticket_id: int, subject: str, body: str, internal: bool, language: str
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT OR REPLACE INTO {TABLE}(rowid, subject, body, ticket_id, internal, scope) "  # noqa: S608
            f"VALUES (%s, %s, %s, %s, %s, {SCOPE_OF_TICKET})",
            [message_id, subject, body, ticket_id, 1 if internal else 0, ticket_id],
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
    """Before or after the messages themselves moved: both tickets' messages are looked at.
    The moved rows take the target's scope."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET ticket_id = %s, subject = '', scope = {SCOPE_OF_TICKET} "  # noqa: S608
            f"WHERE {_ROWS_OF} AND ticket_id = %s",
            [to_ticket_id, to_ticket_id, from_ticket_id, to_ticket_id, from_ticket_id],
        )


def rescope_ticket(ticket_id: int) -> None:
    """Write the ticket's current scope tokens on its rows (only those that differ)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET scope = {SCOPE_OF_TICKET} "  # noqa: S608
            f"WHERE {_ROWS_OF} AND ticket_id = %s AND scope IS NOT {SCOPE_OF_TICKET}",
            [ticket_id, ticket_id, ticket_id, ticket_id, ticket_id],
        )


def forget_tickets(ticket_ids: list[int]) -> None:
    if not ticket_ids:
        return
    marks = ", ".join(["%s"] * len(ticket_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE ticket_id IN ({marks})", ticket_ids)  # noqa: S608


def match_expression(words: list[str], scope: list[str] | None = None) -> str:
    """Every word as a quoted prefix term in the subject or body: user text can never
    reach FTS5 syntax nor the scope column. With `scope`, a row must also carry one of
    those tokens (they are made of a letter and digits by `search.scope_for`)."""
    phrases = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
    expression = "{subject body} : (" + phrases + ")"
    if scope is None:
        return expression
    return expression + " AND scope : (" + " OR ".join(f'"{token}"' for token in scope) + ")"


def search(
    words: list[str],
    *,
    visible: QuerySet,
    include_internal: bool,
    scope: list[str] | None,
    language: str,
    limit: int,
    offset: int,
    windowed: bool = False,  # SQLite always walks newest first and stops early
) -> list[int]:
    """The `offset + limit` most recently active matching tickets, best match first.

    FTS5 walks the matching messages newest first (rowid order, no sort) and checks
    each one's ticket against `visible` by primary key, and we stop reading as soon as
    enough tickets are found. So a common word costs what it takes to find `limit`
    visible tickets, not a bm25() of every message in the table that contains it. With
    `scope`, FTS5 only returns messages of tickets carrying one of the actor's scope
    tokens, so a word common in tickets the actor cannot see costs nearly nothing; the
    check against `visible` stays, so a stale token can only narrow.
    """
    ticket = RawSQL("m.ticket_id", (), output_field=IntegerField())
    check_sql, check_params = (
        visible.filter(pk=ticket).order_by().values("pk").query.sql_with_params()
    )
    internal = "" if include_internal else f"AND {TABLE}.internal = 0"
    # bm25() is computed only for the rows that pass the WHERE clause (visible ones).
    # Weights: subject 3, body 1, the unindexed columns and the scope 0.
    sql = (
        f"SELECT m.ticket_id, bm25({TABLE}, 3.0, 1.0, 0.0, 0.0, 0.0) FROM {TABLE} "  # noqa: S608
        f"JOIN tickets_message AS m INDEXED BY {MESSAGE_TICKET_INDEX} ON m.id = {TABLE}.rowid "
        f"WHERE {TABLE} MATCH %s {internal} AND EXISTS ({check_sql}) "
        f"ORDER BY {TABLE}.rowid DESC"
    )
    wanted = offset + limit
    best: dict[int, float] = {}  # ticket id -> its best (lowest) bm25 so far
    with connection.cursor() as cursor:
        cursor.execute(sql, [match_expression(words, scope), *check_params])
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
            f"INSERT INTO {TABLE}(rowid, subject, body, ticket_id, internal, scope) "  # noqa: S608
            "SELECT m.id, CASE WHEN m.id = f.first_id THEN t.subject ELSE '' END, m.body, "
            f"m.ticket_id, CASE WHEN m.kind = 'note' THEN 1 ELSE 0 END, {_scope_of('t')} "
            "FROM tickets_message m JOIN tickets_ticket t ON t.id = m.ticket_id "
            "JOIN (SELECT ticket_id, min(id) AS first_id FROM tickets_message "
            "GROUP BY ticket_id) f ON f.ticket_id = m.ticket_id "
            "WHERE m.author_type != 'system'"
        )
