"""Reading the audit log (administrators only: the page and the API check the role)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from frontdesk.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""  # a prefix: "auth" matches auth.sign_in and auth.sign_in_failed
    actor: str = ""  # an actor label (username), exact, case-insensitive
    ip: str = ""
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


def audit_entries(filters: AuditFilters) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if filters.action:
        entries = entries.filter(action__startswith=filters.action.strip())
    if filters.actor:
        entries = entries.filter(actor_label__iexact=filters.actor.strip())
    if filters.ip:
        entries = entries.filter(ip=filters.ip.strip())
    if filters.since is not None:
        entries = entries.filter(at__gte=filters.since)
    if filters.until is not None:
        entries = entries.filter(at__lt=filters.until)
    return entries
