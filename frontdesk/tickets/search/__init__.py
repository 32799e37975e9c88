"""Full-text search over tickets: subjects and messages, visibility respected.

One small interface with one implementation per database (ARCHITECTURE.md):
SQLite FTS5 when embedded, PostgreSQL full text with a GIN index when scaled out.
Indexing happens inside the services' transactions, so the index never disagrees
with the tickets it points at.

Visibility is part of the match for actors who see only some tickets: every indexed
message carries its ticket's *scope tokens* (`t<team id>`, `b<branch id>` for the
ticket's own branch, and `u<user id>` for the assignee and each collaborator), and such
an actor's words are matched together with "one of my tokens" (`scope_for`), so the
index intersects the two instead of the search checking every match of a word common
in other teams. The services call
`rescope_ticket` in the transaction that changes a ticket's team, branch, assignee or
collaborators. The results still come from the `visible` queryset, so a token can only
narrow a search, never widen it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet, Subquery

from frontdesk.accounts.models import Branch, User, Workspace
from frontdesk.accounts.visibility import is_branch_restricted, restricted_branch_ids
from frontdesk.tickets.access import Actor
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


def rescope_ticket(ticket_id: int) -> None:
    """After a ticket's team, branch, assignee or collaborators changed (same transaction)."""
    _backend().rescope_ticket(ticket_id)


def scope_for(actor: Actor) -> list[str] | None:
    """The scope tokens of the tickets the actor may see: one per alternative of
    `access.ticket_scopes`, `t<team>` for each of their teams and `u<id>` for assigned
    to them or collaborating. None when no scope applies: the actor sees every ticket,
    or is a customer (whose own rule is in `visible`). An empty list: nothing is visible.

    A branch-restricted member who would otherwise see everything gets the tokens of
    their branches instead: `b<branch>` (the ticket's own branch), `t<team>` for each
    team of those branches and `u<id>`. A restricted agent keeps their team tokens,
    which are narrower already; `visible` applies the branch rule on top. Sensitive
    tickets have no token: `visible` leaves them out (they are few).

    One query (the workspace setting and the actor's teams together; for a restricted
    member, their branches and those branches' teams).
    """
    if not isinstance(actor, User):
        return None
    if not actor.is_active:
        return []
    restricted = is_branch_restricted(actor)
    if actor.sees_all_tickets:
        return _branch_tokens(actor) if restricted else None
    setting = Workspace.objects.order_by("pk").values("agents_see_all_tickets")[:1]
    rows = (
        User.objects.filter(pk=actor.pk)
        .annotate(everything=Subquery(setting))
        .values_list("everything", "teams__id")
    )
    teams: list[int] = []
    for everything, team_id in rows:
        if everything:  # no row yet means the default, off (`Workspace.current`)
            return _branch_tokens(actor) if restricted else None
        if team_id is not None:
            teams.append(team_id)
    return [*(f"t{team_id}" for team_id in sorted(set(teams))), f"u{actor.pk}"]


def _branch_tokens(user: User) -> list[str]:
    """`b<branch>` for each of a restricted member's branches, `t<team>` for each team
    of those branches, and `u<id>` (see `scope_for`). One query."""
    pairs = Branch.objects.filter(pk__in=restricted_branch_ids(user)).values_list("pk", "team__pk")
    tokens: set[str] = set()
    for branch_id, team_id in pairs:
        tokens.add(f"b{branch_id}")
        if team_id is not None:
            tokens.add(f"t{team_id}")
    return [*sorted(tokens), f"u{user.pk}"]


def rebuild_index() -> None:
    """Index every message again (after bulk loads, imports or a restore)."""
    _backend().rebuild()


def search_ticket_ids(
    query: str,
    *,
    visible: QuerySet,
    include_internal: bool,
    scope: Sequence[str] | None = None,
    language: str = "",
    limit: int = 25,
    offset: int = 0,
    windowed: bool = False,
) -> list[int]:
    """Ticket ids matching every word (as a prefix), best first, among `visible` tickets.

    `scope`: the searching actor's `scope_for`, to let the index leave out the tickets
    they cannot see (None: no such narrowing, `visible` alone decides).
    `windowed`: most matches are expected to be visible (staff): PostgreSQL then checks
    `visible` only for the newest candidates (see `postgres.search`); SQLite always
    walks newest first and stops early.
    """
    words = terms(query)
    if not words or (scope is not None and not scope):
        return []
    return _backend().search(
        words,
        visible=visible,
        include_internal=include_internal,
        scope=None if scope is None else list(scope),
        language=language,
        limit=limit,
        offset=offset,
        windowed=windowed,
    )
