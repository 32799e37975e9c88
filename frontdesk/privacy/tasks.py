"""Background jobs of privacy: the retention rules, hourly on the worker's beat."""

from __future__ import annotations

import logging

from django_tasks import task

from frontdesk.privacy.services import apply_retention

logger = logging.getLogger(__name__)


@task()
def apply_retention_rules() -> dict[str, int]:
    """Delete or anonymise what the retention rules pick, in batches. Idempotent: a second
    run (or a second worker) finds nothing left to do."""
    result = apply_retention()
    if any(result.values()):
        logger.info("retention: %s", result)
    return result
