"""The unread deadline-alert count for the staff navigation (staff/sla_alerts_nav.html)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from frontdesk.accounts.models import User
from frontdesk.sla.access import unread_alert_count


def deadline_alerts(request: HttpRequest) -> dict[str, object]:
    """`unread_deadline_alerts` for signed-in staff: counted only if a template uses it."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_active:
        return {}
    return {"unread_deadline_alerts": SimpleLazyObject(lambda: unread_alert_count(user))}
