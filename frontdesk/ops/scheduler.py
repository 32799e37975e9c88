"""Periodic jobs of the worker: enqueue housekeeping tasks on a fixed beat.

Every worker runs the beat; before enqueueing, it looks whether any worker already
enqueued the same task during this period, so N workers do not make N copies. The check
is not a lock: two workers may both enqueue in a rare race, which is harmless because
every periodic task is idempotent (acknowledgements claim with a conditional UPDATE).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from frontdesk.inbox.tasks import poll_mailboxes, retry_email_work
from frontdesk.ops.maintenance import PERIOD_SECONDS, update_planner_statistics
from frontdesk.privacy.tasks import apply_retention_rules
from frontdesk.resolution.tasks import sweep_resolution
from frontdesk.sla.tasks import sweep_sla
from frontdesk.tickets.tasks import requeue_stale_acknowledgements

logger = logging.getLogger(__name__)

PERIODIC_TASKS: tuple[Task, ...] = (
    requeue_stale_acknowledgements,
    sweep_sla,
    poll_mailboxes,
    retry_email_work,
    sweep_resolution,
)
# Enqueued at most once an hour (and when the first worker starts).
HOURLY_TASKS: tuple[Task, ...] = (update_planner_statistics, apply_retention_rules)


def enqueue_due(tasks: tuple[Task, ...], period: float) -> list[str]:
    """Enqueue each task unless some worker did so within the last period; returns paths."""
    since = timezone.now() - timedelta(seconds=period * 0.9)
    enqueued = []
    for task in tasks:
        recent = DBTaskResult.objects.filter(task_path=task.module_path, enqueued_at__gte=since)
        if not recent.exists():
            task.enqueue()
            enqueued.append(task.module_path)
    return enqueued


class Beat:
    """A daemon thread that calls enqueue_due at start and then every `period` seconds."""

    def __init__(
        self,
        period: float,
        tasks: tuple[Task, ...] = PERIODIC_TASKS,
        hourly: tuple[Task, ...] = HOURLY_TASKS,
    ) -> None:
        self.period = period
        self.tasks = tasks
        self.hourly = hourly
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="frontdesk-beat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            close_old_connections()
            try:
                enqueued = enqueue_due(self.tasks, self.period)
                enqueued += enqueue_due(self.hourly, max(self.period, PERIOD_SECONDS))
                for path in enqueued:
                    logger.debug("enqueued periodic task %s", path)
            except DatabaseError:
                # A locked or unreachable database: try again on the next beat.
                logger.warning("periodic tasks could not be enqueued", exc_info=True)
            finally:
                connection.close()
            self._stop.wait(self.period)
