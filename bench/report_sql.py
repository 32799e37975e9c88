"""The report query, measured in-process: there is no report endpoint yet.

Over tickets created in the last 30 days: counts by status and team, and the median
first-response and resolution times. Written with the Django ORM the way a reports app
would write it (portable, no vendor SQL): a GROUP BY, then each median as COUNT plus one
row at OFFSET count/2 of the durations in order.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from bench.load import Measurement

NAME = "report (in-process SQL)"


def report() -> dict[str, Any]:
    from django.db.models import Count, F
    from django.utils import timezone

    from frontdesk.tickets.models import Ticket

    recent = Ticket.objects.filter(created_at__gte=timezone.now() - timedelta(days=30))
    counts = list(
        recent.values("status", "team_id").annotate(tickets=Count("id")).order_by("team_id")
    )

    def median(end: str) -> timedelta | None:
        durations = recent.filter(**{f"{end}__isnull": False}).annotate(
            duration=F(end) - F("created_at")
        )
        total = durations.count()
        if not total:
            return None
        return durations.order_by("duration").values_list("duration", flat=True)[total // 2]

    return {
        "counts": counts,
        "median_first_response": median("first_response_at"),
        "median_resolution": median("solved_at"),
    }


def measure(runs: int, seconds: float) -> tuple[Measurement, dict[str, Any]]:
    """Run the report `runs` times (at most `seconds`), after one warm-up run."""
    from django.db import connection

    last = report()
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    for _ in range(runs):
        if time.perf_counter() > deadline:
            break
        mark = time.perf_counter()
        try:
            last = report()
        except Exception as exc:
            errors.append(repr(exc))
            continue
        latencies.append((time.perf_counter() - mark) * 1000)
    wall = time.perf_counter() - started
    connection.close()
    summary = {
        "groups": len(last["counts"]),
        "tickets_30d": sum(row["tickets"] for row in last["counts"]),
        "median_first_response": str(last["median_first_response"]),
        "median_resolution": str(last["median_resolution"]),
    }
    return Measurement(NAME, 1, latencies, len(errors), wall, errors[:5]), summary
