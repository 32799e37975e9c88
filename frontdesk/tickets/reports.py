"""The ticket summary report (R1's first numbers): what came in and how fast it was handled.

Over the tickets created in the last N days: counts by status and team, and the median
first-response and resolution times. For managers and administrators, over all tickets.

Kept cheap at a million tickets: the window is read through one covering index
(`ticket_created_report`: created_at, status, team, first_response_at, solved_at), so no
ticket row is visited; each median is computed by the database in its own terms
(PostgreSQL `percentile_disc`; SQLite `julianday()` arithmetic, sorted, one row at the
middle offset) rather than through Django's per-row Python duration function.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from frontdesk.accounts.models import Team, User
from frontdesk.core.errors import Forbidden
from frontdesk.tickets.access import Actor
from frontdesk.tickets.models import Ticket

MAX_DAYS = 366
# Whole seconds between two stored datetimes: unixepoch() (SQLite 3.38+) costs half of
# julianday() arithmetic per row.
_SQLITE_SECONDS = (
    "(unixepoch({end}) - unixepoch(created_at))"
    if sqlite3.sqlite_version_info >= (3, 38)
    else "CAST(round((julianday({end}) - julianday(created_at)) * 86400) AS INTEGER)"
)


@dataclass(frozen=True)
class Group:
    status: str
    team_id: int | None
    team: str
    tickets: int


@dataclass(frozen=True)
class Summary:
    since: datetime
    days: int
    tickets: int
    groups: list[Group]
    median_first_response_seconds: float | None
    median_resolution_seconds: float | None


def access_reports(actor: Actor | None) -> User:
    """The actor, if they may read reports over all tickets (managers, administrators)."""
    if not isinstance(actor, User) or not actor.is_active or not actor.is_manager:
        raise Forbidden("Only managers and administrators can read reports.")
    return actor


def ticket_summary(*, days: int, now: datetime | None = None) -> Summary:
    """Counts by status and team and the two medians, over tickets created since now-days."""
    since = (now or timezone.now()) - timedelta(days=days)
    rows = _counts(since)
    names = dict(Team.objects.values_list("pk", "name"))
    groups = sorted(
        (Group(status, team_id, names.get(team_id or 0, ""), n) for status, team_id, n in rows),
        key=lambda g: (g.team or "\uffff", g.team_id or 0, g.status),
    )
    return Summary(
        since=since,
        days=days,
        tickets=sum(g.tickets for g in groups),
        groups=groups,
        median_first_response_seconds=_median_seconds("first_response_at", since),
        median_resolution_seconds=_median_seconds("solved_at", since),
    )


def _counts(since: datetime) -> list[tuple[str, int | None, int]]:
    """(status, team id, tickets) of the window."""
    if connection.vendor != "sqlite":
        counts = (
            Ticket.objects.filter(created_at__gte=since)
            .values_list("status", "team_id")
            .annotate(tickets=Count("*"))
            .order_by()
        )
        return list(counts)
    # The unary + keeps SQLite from reading `ticket_status_team` in group order, which
    # walks every ticket ever made; this way it reads only the window from the covering
    # `ticket_created_report` and groups those rows.
    table = connection.ops.quote_name(Ticket._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status, team_id, count(*) FROM {table} WHERE created_at >= %s "  # noqa: S608
            "GROUP BY +status, +team_id",
            [connection.ops.adapt_datetimefield_value(since)],
        )
        return list(cursor.fetchall())


def _median_seconds(
    end: Literal["first_response_at", "solved_at"], since: datetime
) -> float | None:
    """The median of `end - created_at` in seconds (the lower middle for an even count)."""
    table = connection.ops.quote_name(Ticket._meta.db_table)
    column = connection.ops.quote_name(end)  # the field names are the column names
    window = f"FROM {table} WHERE created_at >= %s AND {column} IS NOT NULL"
    at = connection.ops.adapt_datetimefield_value(since)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT percentile_disc(0.5) WITHIN GROUP "  # noqa: S608
                f"(ORDER BY EXTRACT(EPOCH FROM ({column} - created_at))) {window}",
                [at],
            )
            value = cursor.fetchone()[0]
            return None if value is None else float(value)
        cursor.execute(f"SELECT count(*) {window}", [at])
        total = cursor.fetchone()[0]
        if not total:
            return None
        cursor.execute(
            f"SELECT {_SQLITE_SECONDS.format(end=column)} AS d "
            f"{window} ORDER BY d LIMIT 1 OFFSET %s",
            [at, (total - 1) // 2],
        )
        return float(cursor.fetchone()[0])
