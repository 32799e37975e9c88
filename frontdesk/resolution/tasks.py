"""Background jobs of finishing the job (django-tasks, database backend)."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django_tasks import task

from frontdesk.resolution.sweeps import do_sweep_resolution

logger = logging.getLogger(__name__)


@task()
def sweep_resolution() -> dict[str, int]:
    """Remind action plans, send follow-ups, close solved tickets without a reply. On the
    worker's beat; idempotent and safe on several workers at once (see `sweeps`)."""
    result = asdict(do_sweep_resolution())
    if any(result.values()):
        logger.info("resolution sweep: %s", result)
    return result
