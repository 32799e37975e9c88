"""PostgreSQL full text: one row per message with a tsvector and a GIN index.

Each document is indexed twice: with the 'simple' configuration (exact words and
prefixes in any language) and, where PostgreSQL has a stemmer for the ticket's
language, with that language's configuration (so "returns" finds "returned").

The document also holds its ticket's scope tokens (`search.scope_for`) as lexemes with
a `#` (`#t12`, `#b3`, `#u34`): no user word can produce or prefix-match them, as user words
are letters and digits only. For an actor whose view is limited, the query is
`(words) & ('#t12' | '#u34' ...)`, and the GIN index intersects the two (its scan skips
through the frequent side) instead of reading every match and joining the visible set.
The tokens are also kept in the `scope` column, to take them out of the document again.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
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
        document tsvector NOT NULL,
        scope text[] NOT NULL DEFAULT '{{}}'
    )""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_doc ON {TABLE} USING gin (document)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_ticket ON {TABLE} (ticket_id)",
]
DROP = f"DROP TABLE IF EXISTS {TABLE}"
ADD_SCOPE = f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS scope text[] NOT NULL DEFAULT '{{}}'"

COLLABORATORS = "tickets_ticket_collaborators"


def _scope_of(t: str) -> str:
    """SQL: the scope lexemes (text[]) of ticket row `t` (see `search.scope_for`)."""
    return (
        f"(array_remove(ARRAY['#t' || {t}.team_id, '#b' || {t}.branch_id, "  # noqa: S608
        f"'#u' || {t}.assignee_id], NULL) || "
        f"coalesce((SELECT array_agg('#u' || c.user_id ORDER BY c.user_id) "
        f"FROM {COLLABORATORS} c WHERE c.ticket_id = {t}.id), '{{}}'))"
    )


# The scope of the ticket whose id is the parameter `ticket_id`.
SCOPE_OF_TICKET = (
    f"coalesce((SELECT {_scope_of('t')} FROM tickets_ticket t WHERE t.id = %(ticket_id)s), "  # noqa: S608
    "'{}')::text[]"
)

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
            f"INSERT INTO {TABLE} "  # noqa: S608
            "(message_id, ticket_id, internal, config, subject, scope, document) "
            f"SELECT %(message_id)s, %(ticket_id)s, %(internal)s, %(config)s::regconfig, "
            f"%(subject)s, n.scope, {DOCUMENT} || array_to_tsvector(n.scope) "
            f"FROM (SELECT {SCOPE_OF_TICKET} AS scope) n "
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
            "|| array_to_tsvector(s.scope) "
            f"WHERE s.message_id = (SELECT min(message_id) FROM {TABLE} "
            "WHERE ticket_id = %(ticket_id)s)",
            {"subject": subject, "ticket_id": ticket_id},
        )


# In an UPDATE … FROM (SELECT <new scope> AS scope) n: `s.scope` is still the old one.
_RESCOPE = (
    "scope = n.scope, document = ts_delete(s.document, s.scope) || array_to_tsvector(n.scope)"
)


def move_messages(*, from_ticket_id: int, to_ticket_id: int) -> None:
    """The moved rows take the target's scope."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} AS s SET ticket_id = %(ticket_id)s, {_RESCOPE} "  # noqa: S608
            f"FROM (SELECT {SCOPE_OF_TICKET} AS scope) n WHERE s.ticket_id = %(from_id)s",
            {"ticket_id": to_ticket_id, "from_id": from_ticket_id},
        )


def rescope_ticket(ticket_id: int) -> None:
    """Write the ticket's current scope tokens on its rows (only those that differ)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} AS s SET {_RESCOPE} "  # noqa: S608
            f"FROM (SELECT {SCOPE_OF_TICKET} AS scope) n "
            "WHERE s.ticket_id = %(ticket_id)s AND s.scope IS DISTINCT FROM n.scope",
            {"ticket_id": ticket_id},
        )


def forget_tickets(ticket_ids: list[int]) -> None:
    if ticket_ids:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE ticket_id = ANY(%s)", [ticket_ids])  # noqa: S608


SEARCH_WORK_MEM = "32MB"
WINDOWS = 4  # candidate windows read before leaving the choice to the full query


def search(
    words: list[str],
    *,
    visible: QuerySet,
    include_internal: bool,
    scope: list[str] | None,
    language: str,
    limit: int,
    offset: int,
    windowed: bool = False,
) -> list[int]:
    """The `offset + limit` most recently active matching tickets, best match first.

    As on SQLite, the window is the newest matching tickets the actor may see, and
    ts_rank() (which reads the whole document) runs only for the messages of the
    tickets in that window, not for every match. PostgreSQL cannot stop the GIN scan
    early: it reads every matching row. With `scope`, the GIN scan itself leaves out the
    tickets without one of the actor's tokens, so a word common in other teams costs
    little. ts_rank() sees the words only, never the scope lexemes.

    `windowed` (staff, whose matches are mostly visible: scope-narrowed or everything):
    the newest matching tickets are read first without `visible`, and `visible` is then
    checked for those few by primary key. Checking it inside the match made the planner
    scan the whole tickets table to build the visible set (about 100 ms at 100,000
    tickets for a common word). The check stays, so a stale token can only narrow.
    """
    # `words` are \w+ only (see search.terms), so they are safe inside tsquery syntax;
    # scope tokens are a letter and digits (search.scope_for).
    prefix_query = " & ".join(f"{w}:*" for w in words)
    stem_query = " & ".join(words)
    words_params: list[Any] = [prefix_query, config_for(language), stem_query]
    # Constants in the statement (not a CTE), so the planner estimates them.
    words_query = "(to_tsquery('simple', %s) || to_tsquery(%s::regconfig, %s))"
    match, match_params = words_query, words_params
    if scope is not None:
        match = f"({words_query} && %s::tsquery)"
        match_params = [*words_params, " | ".join(f"'#{token}'" for token in scope)]
    internal = "" if include_internal else "AND NOT s.internal"
    wanted = offset + limit
    # A GIN scan for a prefix of a common word (230,000 rows at a million tickets) needs
    # more than the default 4 MB for its bitmap; with less, the bitmap goes lossy and
    # PostgreSQL re-reads every message of the actor's teams (300 ms instead of 80).
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'")
        chosen = (
            _newest_visible(f"s.document @@ {match} {internal}", match_params, visible, wanted)
            if windowed
            else None
        )
        if chosen is None:
            ticket = RawSQL("s.ticket_id", (), output_field=IntegerField())
            check_sql, check_params = (
                visible.filter(pk=ticket).order_by().values("pk").query.sql_with_params()
            )
            recent = (
                f"SELECT s.ticket_id FROM {TABLE} s WHERE s.document @@ {match} "  # noqa: S608
                f"{internal} AND EXISTS ({check_sql}) "
                "GROUP BY s.ticket_id ORDER BY max(s.message_id) DESC LIMIT %s"
            )
            recent_params: list[Any] = [*match_params, *check_params, wanted]
        else:
            recent, recent_params = "SELECT unnest(%s::bigint[]) AS ticket_id", [chosen]
        sql = (
            f"WITH recent AS ({recent}) "  # noqa: S608
            f"SELECT s.ticket_id, max(ts_rank(s.document, {words_query})) FROM {TABLE} s "
            f"JOIN recent ON s.ticket_id = recent.ticket_id WHERE s.document @@ {words_query} "
            f"{internal} GROUP BY s.ticket_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*recent_params, *words_params, *words_params])
            ranks = {int(ticket_id): rank for ticket_id, rank in cursor.fetchall()}
        ranked = sorted(ranks, key=lambda ticket_id: (-ranks[ticket_id], -ticket_id))
        return ranked[offset : offset + limit]


def _newest_visible(
    condition: str, params: list[Any], visible: QuerySet, wanted: int
) -> list[int] | None:
    """The `wanted` newest matching tickets that are visible, reading candidates a
    window at a time; None when the windows ran out (most matches are not visible,
    e.g. under the inbox's filters): the caller's full query decides then."""
    window = max(4 * wanted, 200)
    found: list[int] = []
    sql = (
        f"SELECT s.ticket_id FROM {TABLE} s WHERE {condition} "  # noqa: S608
        "GROUP BY s.ticket_id ORDER BY max(s.message_id) DESC LIMIT %s OFFSET %s"
    )
    for number in range(WINDOWS):
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, window, number * window])
            candidates = [int(row[0]) for row in cursor.fetchall()]
        shown = set(visible.filter(pk__in=candidates).order_by().values_list("pk", flat=True))
        found += [ticket_id for ticket_id in candidates if ticket_id in shown]
        if len(found) >= wanted or len(candidates) < window:
            return found[:wanted]
    return None


def rebuild() -> None:
    """Index every message again from the tables (after bulk loads and imports)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} "  # noqa: S608
            "(message_id, ticket_id, internal, config, subject, scope, document) "
            "SELECT m.id, m.ticket_id, m.kind = 'note', c.config, c.subject, c.scope, "
            "setweight(to_tsvector('simple', c.subject), 'A') || to_tsvector('simple', m.body) "
            "|| setweight(to_tsvector(c.config, c.subject), 'A') || to_tsvector(c.config, m.body) "
            "|| array_to_tsvector(c.scope) "
            "FROM tickets_message m JOIN tickets_ticket t ON t.id = m.ticket_id "
            "JOIN (SELECT ticket_id, min(id) AS first_id FROM tickets_message "
            "GROUP BY ticket_id) f ON f.ticket_id = m.ticket_id "
            "CROSS JOIN LATERAL (SELECT (CASE left(t.language, 2) "
            + " ".join(f"WHEN '{code}' THEN '{cfg}'" for code, cfg in STEMMERS.items())
            + " ELSE 'simple' END)::regconfig AS config, "
            "CASE WHEN m.id = f.first_id THEN t.subject ELSE '' END AS subject, "
            f"{_scope_of('t')} AS scope) c "
            "WHERE m.author_type != 'system'"
        )
