"""Background jobs of the SLA app (django-tasks, database backend)."""

from __future__ import annotations

import logging

from django_tasks import task

from frontdesk.sla.services import do_sweep_breaches

logger = logging.getLogger(__name__)


@task()
def sweep_breaches() -> int:
    """Mark overdue running SLA targets breached. Runs on the worker's beat; idempotent."""
    count = do_sweep_breaches()
    if count:
        logger.info("SLA targets breached: %d", count)
    return count
