"""REST API v1 of the SLA app: targets with their breach reason, my deadline alerts.

Mounted in frontdesk/api.py with `api.add_router("/", sla_router)`. Thin: access_*, do_*.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from frontdesk.accounts.api import require_staff
from frontdesk.core.api_errors import errors
from frontdesk.core.api_types import Id, InputSchema, SafeStr
from frontdesk.sla.access import access_alert, access_target, alerts_for_user
from frontdesk.sla.alert_services import do_mark_alert_read, do_mark_all_alerts_read
from frontdesk.sla.models import DeadlineAlert, SlaTarget
from frontdesk.sla.services import MAX_REASON, do_set_breach_reason
from frontdesk.sla.settings_api import router as settings_router
from frontdesk.tickets.access import Actor, access_ticket

router = Router(tags=["sla"])

Limit = Annotated[int, Field(ge=1, le=100)]


class TargetOut(Schema):
    id: int
    ticket_id: int
    kind: str = Field(
        description="first_response, next_response, resolution, chat_greeting or phone_hold."
    )
    state: str = Field(description="running, paused, achieved or breached.")
    target_seconds: int
    started_at: datetime
    due_at: datetime | None = Field(description="Empty while the target is paused.")
    warn_at: datetime | None
    warned_at: datetime | None
    achieved_at: datetime | None
    breached_at: datetime | None
    breach_reason: str
    vip_boost_minutes: int = Field(description="How much earlier a VIP's target was due; 0: not.")


class BreachReasonIn(InputSchema):
    reason: SafeStr = Field(max_length=MAX_REASON, description="Empty clears the reason.")


class AlertOut(Schema):
    id: int
    kind: str = Field(description="warning, breach or action_plan (an action plan is due).")
    ticket_id: int
    target_id: int | None = Field(description="The SLA target; none for an action plan.")
    plan_text: str = Field(description="What the action plan said (action_plan only).")
    due_at: datetime | None
    created_at: datetime
    read_at: datetime | None


class MarkedOut(Schema):
    marked: int


def _actor(request: HttpRequest) -> Actor:
    return cast(Actor, request.auth)  # type: ignore[attr-defined]


def _target_out(target: SlaTarget) -> TargetOut:
    return TargetOut.model_validate(target, from_attributes=True)


def _alert_out(alert: DeadlineAlert) -> AlertOut:
    return AlertOut.model_validate(alert, from_attributes=True)


@router.get("/sla/tickets/{ticket_id}/targets", response={200: list[TargetOut], **errors(403, 404)})
def list_ticket_targets(request: HttpRequest, ticket_id: Id) -> list[TargetOut]:
    """Every SLA target of the ticket, oldest first (staff only)."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    require_staff(actor)
    return [_target_out(t) for t in SlaTarget.objects.filter(ticket=ticket).order_by("pk")]


@router.put(
    "/sla/targets/{target_id}/breach-reason", response={200: TargetOut, **errors(403, 404, 409)}
)
def set_breach_reason(request: HttpRequest, target_id: Id, payload: BreachReasonIn) -> TargetOut:
    """Say why a missed (breached) target was missed."""
    actor = _actor(request)
    target = access_target(actor, target_id)
    staff = require_staff(actor)
    return _target_out(do_set_breach_reason(actor=staff, target=target, reason=payload.reason))


@router.get("/sla/alerts", response={200: list[AlertOut], **errors(403)})
def list_alerts(request: HttpRequest, unread: bool = False, limit: Limit = 50) -> list[AlertOut]:
    """My deadline alerts, newest first."""
    alerts = alerts_for_user(require_staff(_actor(request)))
    if unread:
        alerts = alerts.filter(read_at__isnull=True)
    return [_alert_out(alert) for alert in alerts[:limit]]


@router.post("/sla/alerts/{alert_id}/read", response={200: AlertOut, **errors(403, 404)})
def mark_alert_read(request: HttpRequest, alert_id: Id) -> AlertOut:
    user = require_staff(_actor(request))
    return _alert_out(do_mark_alert_read(user=user, alert=access_alert(user, alert_id)))


@router.post("/sla/alerts/read-all", response={200: MarkedOut, **errors(403)})
def mark_all_alerts_read(request: HttpRequest) -> MarkedOut:
    return MarkedOut(marked=do_mark_all_alerts_read(user=require_staff(_actor(request))))


# The settings routes (calendars, policies, team and branch hours) live in their module.
router.add_router("", settings_router)
