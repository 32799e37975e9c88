"""The worker keeps SQLite's planner statistics fresh (hourly ANALYZE with a limit)."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from frontdesk.customers.services import do_create_customer
from frontdesk.ops.maintenance import refresh_statistics, update_planner_statistics
from frontdesk.ops.scheduler import HOURLY_TASKS, enqueue_due
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.tests.inbox_support import make_ticket


@pytest.mark.django_db
def test_refresh_statistics_gives_the_sqlite_planner_row_counts():
    customer = do_create_customer(name="Ada", email="ada@example.com")
    for _ in range(3):
        make_ticket(customer)
    seconds = refresh_statistics()
    if connection.vendor != "sqlite":
        assert seconds is None  # PostgreSQL: autovacuum analyses
        return
    assert seconds is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [Ticket._meta.db_table])
        stats = [row[0] for row in cursor.fetchall()]
    assert stats, "no statistics for the tickets table"
    assert all(stat.split()[0] == "3" for stat in stats)  # three tickets counted


@pytest.mark.django_db
def test_the_statistics_job_is_enqueued_once_an_hour_across_workers():
    assert update_planner_statistics in HOURLY_TASKS
    path = update_planner_statistics.module_path
    assert enqueue_due(HOURLY_TASKS, period=3600) == [t.module_path for t in HOURLY_TASKS]
    assert enqueue_due(HOURLY_TASKS, period=3600) == []  # a second worker, same hour
    assert DBTaskResult.objects.filter(task_path=path).count() == 1
