"""REST API v1 of finishing the job: the solve checklist, solving, action plans (staff).

Thin: access_*, do_*, render. Foreign tickets are 404 for everyone; a customer's token
gets 403 on its own tickets (these are agents' tools).
"""

from __future__ import annotations

from typing import Annotated, Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status as HttpStatus
from pydantic import Field

from frontdesk.accounts.api import require_staff
from frontdesk.core.api_errors import errors
from frontdesk.core.api_types import Id, SafeStr
from frontdesk.core.errors import Invalid
from frontdesk.resolution.access import (
    access_action_plan,
    action_plans_for_ticket,
    active_checklist,
)
from frontdesk.resolution.models import ActionPlan, SolveRecord
from frontdesk.resolution.schemas import (
    ActionPlanIn,
    ActionPlanOut,
    ChecklistItemOut,
    SolveIn,
    SolveOut,
)
from frontdesk.resolution.services import (
    do_complete_action_plan,
    do_create_action_plan,
    do_solve_ticket,
    supported_language,
)
from frontdesk.tickets.access import Actor, access_ticket
from frontdesk.tickets.api import ticket_out

router = Router(tags=["solving"])

MAX_PLANS = 500
Language = Annotated[SafeStr, Field(max_length=10, description="e.g. 'tr'")]


def _actor(request: HttpRequest) -> Actor:
    return cast(Actor, request.auth)  # type: ignore[attr-defined]


def plan_out(plan: ActionPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "ticket_id": plan.ticket_id,
        "author_id": plan.author_id,
        "text": plan.text,
        "due_at": plan.due_at,
        "reminded_at": plan.reminded_at,
        "done_at": plan.done_at,
        "done_by_id": plan.done_by_id,
        "created_at": plan.created_at,
    }


@router.get("/solve-checklist", response={200: list[ChecklistItemOut], **errors(403)})
def list_checklist(request: HttpRequest, language: Language | None = None) -> list[dict[str, Any]]:
    """The active checklist in `language`, by default the caller's profile language."""
    staff = require_staff(_actor(request))
    code = supported_language(language or staff.language)
    return [
        {
            "id": item.pk,
            "position": item.position,
            "required": item.required,
            "text": item.text_for(code),
            "language": code,
        }
        for item in active_checklist()
    ]


@router.post("/tickets/{ticket_id}/solve", response={200: SolveOut, **errors(403, 404, 409)})
def solve_ticket(request: HttpRequest, ticket_id: Id, payload: SolveIn) -> dict[str, Any]:
    """Solve after the checklist: every active required item answered yes, else 422."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    staff = require_staff(actor)
    answers: dict[int, bool] = {}
    for answer in payload.answers:
        if answer.item_id in answers:
            raise Invalid(
                _("Item %(id)s is answered twice.") % {"id": answer.item_id}, field="answers"
            )
        answers[answer.item_id] = answer.answer
    record: SolveRecord = do_solve_ticket(
        actor=staff,
        ticket=ticket,
        answers=answers,
        note=payload.note,
        language=staff.language,
        follow_up=payload.follow_up,
        follow_up_on=payload.follow_up_on,
    )
    return {
        "id": record.pk,
        "ticket_id": record.ticket_id,
        "actor_id": record.actor_id,
        "language": record.language,
        "answers": record.answers,
        "note": record.note,
        "follow_up_on": record.follow_up_on,
        "created_at": record.created_at,
        "ticket": ticket_out(access_ticket(actor, ticket_id), actor),
    }


@router.get(
    "/tickets/{ticket_id}/action-plans", response={200: list[ActionPlanOut], **errors(403, 404)}
)
def list_action_plans(request: HttpRequest, ticket_id: Id) -> list[dict[str, Any]]:
    """The ticket's action plans, earliest committed time first."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    require_staff(actor)
    return [plan_out(plan) for plan in action_plans_for_ticket(actor, ticket)[:MAX_PLANS]]


@router.post("/tickets/{ticket_id}/action-plans", response={201: ActionPlanOut, **errors(403, 404)})
def create_action_plan(
    request: HttpRequest, ticket_id: Id, payload: ActionPlanIn
) -> HttpStatus[dict[str, Any]]:
    """Record what you will do and by when; you are reminded before that time."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    require_staff(actor)
    plan = do_create_action_plan(
        actor=actor, ticket=ticket, text=payload.text, due_at=payload.due_at
    )
    return HttpStatus(201, plan_out(plan))


@router.post(
    "/tickets/{ticket_id}/action-plans/{plan_id}/done",
    response={200: ActionPlanOut, **errors(403, 404)},
)
def complete_action_plan(request: HttpRequest, ticket_id: Id, plan_id: Id) -> dict[str, Any]:
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    require_staff(actor)
    plan = do_complete_action_plan(actor=actor, plan=access_action_plan(actor, ticket, plan_id))
    return plan_out(plan)
