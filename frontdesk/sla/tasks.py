"""Background jobs of the SLA app (django-tasks, database backend)."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django_tasks import task

from frontdesk.sla.sweep import do_sweep_sla

logger = logging.getLogger(__name__)


@task()
def sweep_sla() -> dict[str, int]:
    """Warn about nearly due SLA targets, breach and escalate overdue ones. On the worker's
    beat; idempotent and safe on several workers at once (see `sla.sweep`)."""
    result = asdict(do_sweep_sla())
    if any(result.values()):
        logger.info("SLA sweep: %s", result)
    return result
