"""REST API v1 of the SLA settings: business calendars, policies, team and branch hours.

Reads: any member of staff. Writes: managers and administrators (as the settings pages).
Nested in `sla.api.router`. Thin: look up, call the do_* services, render.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.responses import Status as HttpStatus

from frontdesk.accounts.api import require_staff
from frontdesk.accounts.models import Branch, Team
from frontdesk.core.api_errors import errors
from frontdesk.core.api_types import Id
from frontdesk.core.errors import Invalid
from frontdesk.sla.calendar_services import (
    do_create_calendar,
    do_delete_calendar,
    do_set_branch_calendar,
    do_set_team_calendar,
    do_update_calendar,
)
from frontdesk.sla.models import BranchHours, BusinessCalendar, SlaPolicy, TeamHours
from frontdesk.sla.policy_services import do_create_policy, do_delete_policy, do_update_policy
from frontdesk.sla.schemas import (
    CalendarIn,
    CalendarOut,
    CalendarPatch,
    HoursIn,
    HoursOut,
    PolicyIn,
    PolicyOut,
    PolicyPatch,
)

router = Router(tags=["sla settings"])

MAX_LIST = 1000  # calendars and policies are small tables; a hard cap keeps a page bounded


def _actor(request: HttpRequest) -> object:
    return cast(object, request.auth)  # type: ignore[attr-defined]


def _calendars() -> Any:
    return BusinessCalendar.objects.prefetch_related(
        Prefetch("team_hours", TeamHours.objects.order_by("team_id")),
        Prefetch("branch_hours", BranchHours.objects.order_by("branch_id")),
    ).order_by("name", "pk")


def _calendar(calendar_id: int) -> BusinessCalendar:
    calendar = _calendars().filter(pk=calendar_id).first()
    if calendar is None:
        raise Http404("No such calendar")
    return cast(BusinessCalendar, calendar)


def _calendar_out(calendar: BusinessCalendar) -> dict[str, Any]:
    return {
        "id": calendar.pk,
        "name": calendar.name,
        "time_zone": calendar.time_zone,
        "weekly_hours": calendar.weekly_hours if isinstance(calendar.weekly_hours, dict) else {},
        "always_open": calendar.always_open,
        "holiday_country": calendar.holiday_country,
        "holiday_subdivision": calendar.holiday_subdivision,
        "closed_days": [str(day) for day in calendar.closed_days or []],
        "is_default": calendar.is_default,
        "team_ids": [link.team_id for link in calendar.team_hours.all()],
        "branch_ids": [link.branch_id for link in calendar.branch_hours.all()],
    }


def _policy(policy_id: int) -> SlaPolicy:
    policy = SlaPolicy.objects.filter(pk=policy_id).first()
    if policy is None:
        raise Http404("No such policy")
    return policy


def _calendar_by_id(calendar_id: int | None) -> BusinessCalendar | None:
    if calendar_id is None:
        return None
    calendar = BusinessCalendar.objects.filter(pk=calendar_id).first()
    if calendar is None:
        raise Invalid(f"There is no calendar with id {calendar_id}.", field="calendar_id")
    return calendar


# --- calendars ---------------------------------------------------------------------------


@router.get("/sla/calendars", response={200: list[CalendarOut], **errors(403)})
def list_calendars(request: HttpRequest) -> list[dict[str, Any]]:
    """Every business calendar, by name, with the teams and branches that use it."""
    require_staff(_actor(request))
    return [_calendar_out(calendar) for calendar in _calendars()[:MAX_LIST]]


@router.post("/sla/calendars", response={201: CalendarOut, **errors(403, 409)})
def create_calendar(request: HttpRequest, payload: CalendarIn) -> HttpStatus:
    require_staff(_actor(request))
    calendar = do_create_calendar(actor=_actor(request), **payload.model_dump())
    return HttpStatus(201, _calendar_out(_calendar(calendar.pk)))


@router.get("/sla/calendars/{calendar_id}", response={200: CalendarOut, **errors(403, 404)})
def get_calendar(request: HttpRequest, calendar_id: Id) -> dict[str, Any]:
    require_staff(_actor(request))
    return _calendar_out(_calendar(calendar_id))


@router.patch("/sla/calendars/{calendar_id}", response={200: CalendarOut, **errors(403, 404, 409)})
def update_calendar(
    request: HttpRequest, calendar_id: Id, payload: CalendarPatch
) -> dict[str, Any]:
    """Change the fields given. The new hours apply to due times computed from now on."""
    require_staff(_actor(request))
    calendar = _calendar(calendar_id)
    changes = payload.model_dump(exclude_unset=True)
    calendar = do_update_calendar(actor=_actor(request), calendar=calendar, changes=changes)
    return _calendar_out(_calendar(calendar.pk))


@router.delete("/sla/calendars/{calendar_id}", response={204: None, **errors(403, 404, 409)})
def delete_calendar(request: HttpRequest, calendar_id: Id) -> HttpStatus:
    """Delete a calendar; 409 while a policy uses it. Its teams and branches fall back."""
    require_staff(_actor(request))
    do_delete_calendar(actor=_actor(request), calendar=_calendar(calendar_id))
    return HttpStatus(204, None)


# --- team and branch hours ---------------------------------------------------------------


def _owner(model: type[Team] | type[Branch], pk: int) -> Team | Branch:
    owner = model.objects.filter(pk=pk).first()
    if owner is None:
        raise Http404(f"No such {model._meta.model_name}")
    return owner


def _own_calendar_id(link_model: type[TeamHours] | type[BranchHours], **owner: Any) -> Any:
    return {
        "calendar_id": link_model.objects.filter(**owner)
        .values_list("calendar_id", flat=True)
        .first()
    }


@router.get("/sla/teams/{team_id}/calendar", response={200: HoursOut, **errors(403, 404)})
def get_team_calendar(request: HttpRequest, team_id: Id) -> dict[str, Any]:
    """The team's own calendar; null: it uses its branch's or the default calendar."""
    require_staff(_actor(request))
    return _own_calendar_id(TeamHours, team=_owner(Team, team_id))


@router.put("/sla/teams/{team_id}/calendar", response={200: HoursOut, **errors(403, 404)})
def set_team_calendar(request: HttpRequest, team_id: Id, payload: HoursIn) -> dict[str, Any]:
    """Give the team its own business hours (null: its branch's or the default)."""
    require_staff(_actor(request))
    team = cast(Team, _owner(Team, team_id))
    calendar = _calendar_by_id(payload.calendar_id)
    do_set_team_calendar(actor=_actor(request), team=team, calendar=calendar)
    return {"calendar_id": calendar.pk if calendar else None}


@router.get("/sla/branches/{branch_id}/calendar", response={200: HoursOut, **errors(403, 404)})
def get_branch_calendar(request: HttpRequest, branch_id: Id) -> dict[str, Any]:
    """The branch's calendar; null: it uses the default calendar."""
    require_staff(_actor(request))
    return _own_calendar_id(BranchHours, branch=_owner(Branch, branch_id))


@router.put("/sla/branches/{branch_id}/calendar", response={200: HoursOut, **errors(403, 404)})
def set_branch_calendar(request: HttpRequest, branch_id: Id, payload: HoursIn) -> dict[str, Any]:
    """Give the branch its business hours (null: the default calendar)."""
    require_staff(_actor(request))
    branch = cast(Branch, _owner(Branch, branch_id))
    calendar = _calendar_by_id(payload.calendar_id)
    do_set_branch_calendar(actor=_actor(request), branch=branch, calendar=calendar)
    return {"calendar_id": calendar.pk if calendar else None}


# --- policies ----------------------------------------------------------------------------


@router.get("/sla/policies", response={200: list[PolicyOut], **errors(403)})
def list_policies(request: HttpRequest) -> list[SlaPolicy]:
    """Every policy in the order they are tried: the first active match wins."""
    require_staff(_actor(request))
    return list(SlaPolicy.objects.order_by("position", "pk")[:MAX_LIST])


@router.post("/sla/policies", response={201: PolicyOut, **errors(403)})
def create_policy(request: HttpRequest, payload: PolicyIn) -> HttpStatus:
    """A new policy; without a position it is tried last."""
    require_staff(_actor(request))
    values = payload.model_dump(exclude_unset=True)
    name = values.pop("name")
    return HttpStatus(201, do_create_policy(actor=_actor(request), name=name, **values))


@router.get("/sla/policies/{policy_id}", response={200: PolicyOut, **errors(403, 404)})
def get_policy(request: HttpRequest, policy_id: Id) -> SlaPolicy:
    require_staff(_actor(request))
    return _policy(policy_id)


@router.patch("/sla/policies/{policy_id}", response={200: PolicyOut, **errors(403, 404)})
def update_policy(request: HttpRequest, policy_id: Id, payload: PolicyPatch) -> SlaPolicy:
    """Change the fields given; it applies to targets started or rescheduled from now on."""
    require_staff(_actor(request))
    changes = payload.model_dump(exclude_unset=True)
    return do_update_policy(actor=_actor(request), policy=_policy(policy_id), changes=changes)


@router.delete("/sla/policies/{policy_id}", response={204: None, **errors(403, 404, 409)})
def delete_policy(request: HttpRequest, policy_id: Id) -> HttpStatus:
    """Delete a policy that never timed a ticket (409 otherwise: switch it off)."""
    require_staff(_actor(request))
    do_delete_policy(actor=_actor(request), policy=_policy(policy_id))
    return HttpStatus(204, None)
