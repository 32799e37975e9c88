"""Background jobs of the SLA app (django-tasks, database backend)."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django_tasks import task

from frontdesk.sla.alert_emails import do_email_deadline_alerts, retry_due
from frontdesk.sla.sweep import do_sweep_sla

logger = logging.getLogger(__name__)


@task()
def sweep_sla() -> dict[str, int]:
    """Warn about nearly due SLA targets, breach and escalate overdue ones. On the worker's
    beat; idempotent and safe on several workers at once (see `sla.sweep`). Also the retry
    of alert emails: alerts left unemailed by a lost or failed job get a new job."""
    result = asdict(do_sweep_sla())
    if any(result.values()):
        logger.info("SLA sweep: %s", result)
    if retry_due():
        email_deadline_alerts.enqueue()
    return result


@task()
def email_deadline_alerts() -> dict[str, int]:
    """Email each recipient one summary of their new deadline alerts, each alert once
    (see `sla.alert_emails`); enqueued by the sweep and retried by its beat."""
    result = asdict(do_email_deadline_alerts())
    if any(result.values()):
        logger.info("Deadline alert emails: %s", result)
    return result
