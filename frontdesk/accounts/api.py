"""REST API v1: who am I, teams and agents (read only, staff only); revoking a token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from frontdesk.accounts.access import access_api_token
from frontdesk.accounts.models import Team, User
from frontdesk.accounts.schemas import AgentOut, MeOut, TeamOut
from frontdesk.accounts.services import do_revoke_api_token
from frontdesk.core.api_errors import errors
from frontdesk.core.errors import Forbidden, Invalid

router = Router(tags=["accounts"])

MAX_LIST = 1000  # teams and agents are small tables; a hard cap keeps a page bounded


def require_staff(actor: object) -> User:
    """The actor as a member of staff, or 403 for customer tokens."""
    if not isinstance(actor, User):
        raise Forbidden("Only staff tokens can do this.")
    return actor


def staff_user(user_id: int | None, *, field: str) -> User | None:
    """The staff user with this id (None for None); an unknown id is a 422 on `field`."""
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Invalid(f"There is no agent with id {user_id}.", field=field)
    return user


def team_by_id(team_id: int | None, *, field: str) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise Invalid(f"There is no team with id {team_id}.", field=field)
    return team


@router.get("/me", response={200: MeOut, **errors()})
def me(request: HttpRequest) -> dict[str, Any]:
    """The staff user or customer this token acts as."""
    actor = request.auth  # type: ignore[attr-defined]
    if isinstance(actor, User):
        return {
            "kind": "staff",
            "id": actor.pk,
            "name": actor.get_full_name() or actor.username,
            "email": actor.email,
            "role": actor.role,
            "team_ids": list(actor.teams.values_list("pk", flat=True)),
        }
    return {
        "kind": "customer",
        "id": actor.pk,
        "name": actor.display_name,
        "email": actor.email,
        "role": None,
        "team_ids": [],
    }


@router.get("/teams", response={200: list[TeamOut], **errors(403)})
def list_teams(request: HttpRequest) -> list[Team]:
    require_staff(request.auth)  # type: ignore[attr-defined]
    return list(Team.objects.order_by("name", "pk")[:MAX_LIST])


@router.get("/agents", response={200: list[AgentOut], **errors(403)})
def list_agents(request: HttpRequest) -> list[dict[str, Any]]:
    """Active staff users, for assignment and collaboration."""
    require_staff(request.auth)  # type: ignore[attr-defined]
    users = User.objects.filter(is_active=True).order_by("username").prefetch_related("teams")
    return [
        {
            "id": user.pk,
            "username": user.username,
            "name": user.get_full_name() or user.username,
            "email": user.email,
            "role": user.role,
            "language": user.language,
            "team_ids": [team.pk for team in user.teams.all()],
        }
        for user in users[:MAX_LIST]
    ]


@router.delete("/tokens/{token_id}", response={204: None, **errors(403, 404)})
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke a staff API token: one's own (this one too), or anyone's as an
    administrator. Another member's token is 404. Revoking twice is harmless."""
    actor = require_staff(request.auth)  # type: ignore[attr-defined]
    do_revoke_api_token(actor=actor, token=access_api_token(actor, token_id))
    return HttpResponse(status=204)
