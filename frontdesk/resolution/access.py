"""The read path of this app on someone's behalf: staff only, through the ticket's access.

Action plans are internal: customers never see them. A plan is found only through its
own ticket (SECURITY.md check 13), and only when the actor may see that ticket.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from frontdesk.accounts.models import User
from frontdesk.resolution.models import ActionPlan, ChecklistItem, SolveRecord
from frontdesk.tickets.access import Actor
from frontdesk.tickets.models import Ticket


def action_plans_for_ticket(actor: Actor, ticket: Ticket) -> QuerySet[ActionPlan]:
    """The ticket's plans (the caller has fetched the ticket with `access_ticket`)."""
    if not isinstance(actor, User):
        return ActionPlan.objects.none()
    return ActionPlan.objects.filter(ticket=ticket).select_related("author", "done_by")


def access_action_plan(actor: Actor, ticket: Ticket, plan_id: int) -> ActionPlan:
    try:
        return action_plans_for_ticket(actor, ticket).get(pk=plan_id)
    except (ActionPlan.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such action plan") from None


def solve_records_for_ticket(actor: Actor, ticket: Ticket) -> QuerySet[SolveRecord]:
    if not isinstance(actor, User):
        return SolveRecord.objects.none()
    return SolveRecord.objects.filter(ticket=ticket).select_related("actor")


def active_checklist() -> list[ChecklistItem]:
    """The items an agent answers when solving, in order (the same for every agent)."""
    return list(ChecklistItem.objects.filter(active=True))
