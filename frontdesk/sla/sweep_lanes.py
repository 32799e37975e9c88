"""The SLA sweep in lanes: on PostgreSQL one sweep uses several connections at once.

A sweep after an outage has tens of thousands of targets to breach and warn, and its
time goes to the database server, one statement at a time. Lanes split that work by
ticket id (`ticket_id % lanes`): each lane runs the whole sweep (breaches, then
warnings) for its own tickets on its own connection, in a thread. Two lanes never
lock the same ticket, so they never wait for each other; the claims stay exactly as
safe as with one lane (and with several workers, each of them in lanes).

Lanes run only on PostgreSQL and only outside a transaction (a thread's connection
could not see the caller's uncommitted rows); SQLite runs one writer at a time anyway.
`FRONTDESK_SLA_SWEEP_LANES` (default 2) sets their number; 1 switches them off.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import F, Model, QuerySet
from django.utils import translation

if TYPE_CHECKING:
    from frontdesk.sla.sweep import Sweep

DEFAULT = 2
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Lane:
    number: int
    count: int

    def of(self, targets: QuerySet[M]) -> QuerySet[M]:
        """The targets of this lane's tickets."""
        if self.count == 1:
            return targets
        # "Not in the other lanes" rather than "in this lane": PostgreSQL has no
        # statistics on the expression and guesses that `= lane` keeps 0.5 % of the rows,
        # too few to stop early, so it read and sorted every due target in each batch.
        # `NOT IN (others)` it guesses near 100 %, and keeps the ordered index scan.
        others = [number for number in range(self.count) if number != self.number]
        return targets.alias(lane=F("ticket_id") % self.count).exclude(lane__in=others)


def configured() -> int:
    """`FRONTDESK_SLA_SWEEP_LANES`, at most the connections one process may hold."""
    return max(1, min(int(getattr(settings, "FRONTDESK_SLA_SWEEP_LANES", DEFAULT)), pool_size()))


def pool_size() -> int:
    """The largest number of connections this process's pool hands out (PostgreSQL)."""
    pool = connection.settings_dict.get("OPTIONS", {}).get("pool")
    return int(pool.get("max_size", DEFAULT)) if isinstance(pool, dict) else DEFAULT


def run(sweep: Sweep, count: int, work: Callable[[Sweep, Lane], None]) -> None:
    """Run `work` for each lane at once (lane 0 in this thread) and add up the results."""
    # getmembers lists a snapshot: copy.copy below adds `__slotnames__` to the class,
    # and another worker's sweep may be iterating it at that moment.
    for name, attribute in inspect.getmembers(type(sweep)):
        if isinstance(attribute, cached_property):
            getattr(sweep, name)  # looked up once, before the threads share them
    language = translation.get_language()
    parts = []
    for number in range(count):
        part = copy.copy(sweep)  # shares the looked-up values, not the result
        part.result = type(sweep.result)()
        parts.append((part, Lane(number, count)))

    def in_thread(part: Sweep, lane: Lane) -> None:
        try:
            with translation.override(language):
                work(part, lane)
        finally:
            connection.close()  # this thread's connection, back to the pool

    with ThreadPoolExecutor(max_workers=count - 1, thread_name_prefix="sla-lane") as pool:
        futures = [pool.submit(in_thread, part, lane) for part, lane in parts[1:]]
        work(*parts[0])
        for future in futures:
            future.result()  # re-raises a lane's error here
    for f in fields(sweep.result):
        setattr(sweep.result, f.name, sum(getattr(part.result, f.name) for part, _ in parts))
