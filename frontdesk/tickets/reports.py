"""The ticket summary report (R1's first numbers): what came in and how fast it was handled.

Over the tickets created in the last N days: counts by status and team, and the median
first-response and resolution times. For managers and administrators, over all tickets;
for a branch-restricted manager over their branches' tickets (`Window`). Sensitive
tickets are counted like any other: a count shows no ticket.

Kept cheap at a million tickets: the window is read through one covering index
(`ticket_created_report`: created_at, status, team, first_response_at, solved_at), so no
ticket row is visited; each median is computed by the database in its own terms
(PostgreSQL `percentile_disc`; SQLite `julianday()` arithmetic, sorted, one row at the
middle offset) rather than through Django's per-row Python duration function.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from frontdesk.accounts.models import Team, User
from frontdesk.accounts.visibility import is_branch_restricted, restricted_branch_ids
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
    """The actor, if they may read reports (managers, administrators); a branch-restricted
    manager's reports count only their branches' tickets (`ticket_summary`)."""
    if not isinstance(actor, User) or not actor.is_active or not actor.is_manager:
        raise Forbidden("Only managers and administrators can read reports.")
    return actor


@dataclass(frozen=True)
class Window:
    """The tickets a report counts: created since `since`, and for a branch-restricted
    reader only those of their branches (the ticket's own branch or its team's, as in
    `tickets.access.ticket_scopes`; sensitive tickets are counted like any other)."""

    since: datetime
    branch_ids: list[int] | None = None  # None: every branch
    team_ids: list[int] = field(default_factory=list)

    @classmethod
    def for_reader(cls, reader: User, since: datetime) -> Window:
        if not is_branch_restricted(reader):
            return cls(since)
        branch_ids = list(restricted_branch_ids(reader).values_list("branch_id", flat=True))
        team_ids = list(Team.objects.filter(branch_id__in=branch_ids).values_list("pk", flat=True))
        return cls(since, sorted(branch_ids), sorted(team_ids))

    def sql(self) -> tuple[str, list[Any]]:
        """The WHERE condition and its parameters, for the raw statements."""
        where = "created_at >= %s"
        params: list[Any] = [connection.ops.adapt_datetimefield_value(self.since)]
        if self.branch_ids is None:
            return where, params
        parts = []
        for column, ids in (("branch_id", self.branch_ids), ("team_id", self.team_ids)):
            if ids:
                parts.append(f"{column} IN ({', '.join(['%s'] * len(ids))})")
                params += ids
        return f"{where} AND ({' OR '.join(parts) or '1 = 0'})", params

    def tickets(self) -> QuerySet[Ticket]:
        tickets = Ticket.objects.filter(created_at__gte=self.since)
        if self.branch_ids is None:
            return tickets
        return tickets.filter(Q(branch_id__in=self.branch_ids) | Q(team_id__in=self.team_ids))


def ticket_summary(*, reader: User, days: int, now: datetime | None = None) -> Summary:
    """Counts by status and team and the two medians, over tickets created since now-days
    that `reader` reports on (all, or their branches' when restricted)."""
    since = (now or timezone.now()) - timedelta(days=days)
    window = Window.for_reader(reader, since)
    rows = _counts(window)
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
        median_first_response_seconds=_median_seconds("first_response_at", window),
        median_resolution_seconds=_median_seconds("solved_at", window),
    )


def _counts(window: Window) -> list[tuple[str, int | None, int]]:
    """(status, team id, tickets) of the window."""
    if connection.vendor != "sqlite":
        counts = (
            window.tickets()
            .values_list("status", "team_id")
            .annotate(tickets=Count("*"))
            .order_by()
        )
        return list(counts)
    # The unary + keeps SQLite from reading `ticket_status_team` in group order, which
    # walks every ticket ever made; this way it reads only the window from the covering
    # `ticket_created_report` and groups those rows.
    table = connection.ops.quote_name(Ticket._meta.db_table)
    where, params = window.sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status, team_id, count(*) FROM {table} WHERE {where} "  # noqa: S608
            "GROUP BY +status, +team_id",
            params,
        )
        return list(cursor.fetchall())


def _median_seconds(end: Literal["first_response_at", "solved_at"], window: Window) -> float | None:
    """The median of `end - created_at` in seconds (the lower middle for an even count)."""
    table = connection.ops.quote_name(Ticket._meta.db_table)
    column = connection.ops.quote_name(end)  # the field names are the column names
    where, params = window.sql()
    rows = f"FROM {table} WHERE {where} AND {column} IS NOT NULL"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT percentile_disc(0.5) WITHIN GROUP "  # noqa: S608
                f"(ORDER BY EXTRACT(EPOCH FROM ({column} - created_at))) {rows}",
                params,
            )
            value = cursor.fetchone()[0]
            return None if value is None else float(value)
        cursor.execute(f"SELECT count(*) {rows}", params)
        total = cursor.fetchone()[0]
        if not total:
            return None
        cursor.execute(
            f"SELECT {_SQLITE_SECONDS.format(end=column)} AS d {rows} ORDER BY d LIMIT 1 OFFSET %s",
            [*params, (total - 1) // 2],
        )
        return float(cursor.fetchone()[0])
