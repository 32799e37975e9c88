"""REST API v1: the audit log (administrators only, read only)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router
from pydantic import BeforeValidator

from frontdesk.accounts.api import require_staff
from frontdesk.audit.models import AuditEntry
from frontdesk.audit.queries import AuditFilters, audit_entries
from frontdesk.audit.schemas import AuditPage
from frontdesk.core.api_errors import errors
from frontdesk.core.api_types import SafeStr
from frontdesk.core.errors import Forbidden
from frontdesk.core.paging import MAX_CURSOR_LENGTH, keyset_page

router = Router(tags=["audit"])

Cursor = Annotated[SafeStr, Field(max_length=MAX_CURSOR_LENGTH)]
Limit = Annotated[int, Field(ge=1, le=100)]
Text = Annotated[SafeStr, Field(max_length=200)]
_NUMBER = re.compile(r"\s*[+-]?\d+(\.\d*)?\s*")


def _iso_only(value: object) -> object:
    """Pydantic would read a bare number as Unix time; the spec promises ISO 8601."""
    if not isinstance(value, str | datetime) or (
        isinstance(value, str) and _NUMBER.fullmatch(value)
    ):
        raise ValueError("Use an ISO 8601 date and time, e.g. 2026-12-01T00:00:00Z.")
    return value


Moment = Annotated[datetime, BeforeValidator(_iso_only)]


def entry_out(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "at": entry.at,
        "action": entry.action,
        "actor": {"kind": entry.actor_kind, "id": entry.actor_id, "label": entry.actor_label},
        "target": {"type": entry.target_type, "id": entry.target_id, "label": entry.target_label},
        "ip": entry.ip,
        "user_agent": entry.user_agent,
        "before": entry.before,
        "after": entry.after,
    }


def _utc(moment: datetime | None) -> datetime | None:
    """A time without a zone is read as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


@router.get("/audit-log", response={200: AuditPage, **errors(403)})
def list_audit_log(
    request: HttpRequest,
    action: Text | None = None,
    actor: Text | None = None,
    ip: Text | None = None,
    since: Moment | None = None,
    until: Moment | None = None,
    limit: Limit = 50,
    cursor: Cursor | None = None,
) -> dict[str, Any]:
    """The audit log, newest first (administrators). `action` is a prefix (`auth.`),
    `since` inclusive and `until` exclusive."""
    user = require_staff(request.auth)  # type: ignore[attr-defined]
    if not user.is_admin:
        raise Forbidden(_("Only administrators can read the audit log."))
    filters = AuditFilters(
        action=action or "", actor=actor or "", ip=ip or "", since=_utc(since), until=_utc(until)
    )
    rows, next_cursor = keyset_page(audit_entries(filters), field="at", limit=limit, cursor=cursor)
    return {"items": [entry_out(entry) for entry in rows], "next": next_cursor}
