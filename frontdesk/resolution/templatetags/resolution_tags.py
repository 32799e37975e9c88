"""The ticket page's Solve and Action plan cards, included by the tickets templates with
`{% load resolution_tags %}{% solve_card ticket %}{% action_plans_card ticket %}`.

The ticket view knows nothing of this app (it sits below it); a view of this app that
re-shows the page after a refusal passes its bound form as `solve_form` or `plan_form`.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone

from frontdesk.resolution.access import (
    action_plans_for_ticket,
    solve_records_for_ticket,
)
from frontdesk.resolution.bulk import bulk_solve_form
from frontdesk.resolution.forms import ActionPlanForm, ticket_solve_form
from frontdesk.resolution.models import SolvedTicket
from frontdesk.tickets.choices import Status
from frontdesk.tickets.models import Ticket

register = template.Library()


@register.inclusion_tag("resolution/partials/solve_card.html", takes_context=True)
def solve_card(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    user = context["request"].user
    solved = ticket.status in (Status.SOLVED, Status.CLOSED)
    form = context.get("solve_form")
    if form is None and not solved:
        form = ticket_solve_form(ticket)
    record = solve_records_for_ticket(user, ticket).last() if solved else None
    return {
        "ticket": ticket,
        "form": form,
        "solved": solved,
        "record": record,
        "follow_up": follow_up_state(ticket) if record and record.follow_up_on else None,
        "requested": bool(context.get("solve_requested")),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("resolution/partials/action_plans_card.html", takes_context=True)
def action_plans_card(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    user = context["request"].user
    plans = list(action_plans_for_ticket(user, ticket))
    return {
        "ticket": ticket,
        "open_plans": [plan for plan in plans if not plan.is_done],
        "done_plans": [plan for plan in plans if plan.is_done],
        "form": context.get("plan_form") or ActionPlanForm(),
        "now": timezone.now(),
        "time_zone": settings.TIME_ZONE,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("resolution/partials/bulk_solve_checklist.html", takes_context=True)
def bulk_solve_checklist(context: template.Context) -> dict[str, Any]:
    """The checklist in the inbox's bulk bar, shown when the new status is Solved; after a
    refused submit it keeps what was ticked."""
    request = context["request"]
    posted = request.method == "POST" and request.POST.get("status") == Status.SOLVED
    return {"form": bulk_solve_form(request.POST if posted else None)}


def follow_up_state(ticket: Ticket) -> dict[str, Any] | None:
    """Whether the follow-up of the ticket's solve is still to go or went out (None once
    the ticket has left "solved": the schedule is gone)."""
    row = SolvedTicket.objects.filter(ticket_id=ticket.pk).first()
    if row is None or row.follow_up_at is None:
        return None
    if row.follow_up_sent_at is not None:
        return {"state": "sent", "at": row.follow_up_sent_at}
    return {"state": "planned", "at": row.follow_up_at}
