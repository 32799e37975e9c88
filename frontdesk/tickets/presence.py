"""Who else is on a ticket right now: the collision warning (T6).

Each open ticket page sends a heartbeat every few seconds with its state (viewing or
typing). The state lives in Django's cache under one key per ticket, holding
``{user_id: (name, state, last_seen)}``; entries older than ``STALE_AFTER`` seconds are
ignored. It is advisory: a lost update only hides someone until their next heartbeat.
With the local-memory cache it works within one process; with Redis across all of them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

from frontdesk.accounts.models import User

STALE_AFTER = 30  # seconds without a heartbeat before someone is gone
HEARTBEAT_EVERY = 10  # seconds, used by ticket.js through the polling partial
VIEWING = "viewing"
TYPING = "typing"
STATES = (VIEWING, TYPING)

Entries = dict[int, tuple[str, str, float]]


@dataclass(frozen=True)
class Presence:
    user_id: int
    name: str
    state: str

    @property
    def is_typing(self) -> bool:
        return self.state == TYPING


def _key(ticket_id: int) -> str:
    return f"frontdesk:presence:ticket:{ticket_id}"


def _fresh(entries: Entries, now: float) -> Entries:
    return {uid: entry for uid, entry in entries.items() if now - entry[2] <= STALE_AFTER}


def record(ticket_id: int, user: User, state: str, *, now: float | None = None) -> None:
    """Note that `user` is on the ticket in `state` (viewing or typing)."""
    now = time.time() if now is None else now
    if state not in STATES:
        state = VIEWING
    entries = _fresh(cache.get(_key(ticket_id)) or {}, now)
    entries[user.pk] = (str(user), state, now)
    cache.set(_key(ticket_id), entries, timeout=STALE_AFTER * 2)


def leave(ticket_id: int, user: User) -> None:
    entries: Entries = cache.get(_key(ticket_id)) or {}
    if entries.pop(user.pk, None) is not None:
        cache.set(_key(ticket_id), entries, timeout=STALE_AFTER * 2)


def others(ticket_id: int, user: User, *, now: float | None = None) -> list[Presence]:
    """Everyone but `user` seen on the ticket in the last STALE_AFTER seconds, by name."""
    now = time.time() if now is None else now
    entries = _fresh(cache.get(_key(ticket_id)) or {}, now)
    found = [
        Presence(user_id=uid, name=name, state=state)
        for uid, (name, state, _seen) in entries.items()
        if uid != user.pk
    ]
    return sorted(found, key=lambda p: (not p.is_typing, p.name.lower()))
