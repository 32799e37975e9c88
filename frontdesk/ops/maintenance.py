"""Database upkeep on the worker's beat: fresh planner statistics on SQLite.

SQLite plans queries without statistics until something runs ANALYZE, and then guesses:
it walked a whole index for the 30-day report and read every open ticket for the inbox
API instead of looking tickets up by key. The worker refreshes the statistics when it
starts and then every hour. `analysis_limit` makes ANALYZE sample about a thousand rows
per index: ~40 ms at 100,000 tickets, ~1 s at 1,000,000 (writers wait meanwhile, once an
hour). PostgreSQL needs nothing: autovacuum keeps its statistics current.
"""

from __future__ import annotations

import logging
import time

from django.db import connection
from django_tasks import task

logger = logging.getLogger(__name__)

ANALYSIS_LIMIT = 1000
PERIOD_SECONDS = 3600


def refresh_statistics() -> float | None:
    """ANALYZE the SQLite database with a sampling limit; seconds taken, None elsewhere."""
    if connection.vendor != "sqlite":
        return None
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


@task()
def update_planner_statistics() -> float | None:
    """The periodic job around `refresh_statistics` (hourly, and when a worker starts)."""
    seconds = refresh_statistics()
    if seconds is not None:
        logger.info("planner statistics refreshed in %.2f s", seconds)
    return seconds
