"""The ticket page's Solve and Action plan cards, included by the tickets templates with
`{% load resolution_tags %}{% solve_card ticket %}{% action_plans_card ticket %}`.

The ticket view knows nothing of this app (it sits below it); a view of this app that
re-shows the page after a refusal passes its bound form as `solve_form` or `plan_form`.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone, translation

from frontdesk.resolution.access import (
    action_plans_for_ticket,
    active_checklist,
    solve_records_for_ticket,
)
from frontdesk.resolution.bulk import bulk_solve_form
from frontdesk.resolution.forms import ActionPlanForm, SolveForm
from frontdesk.tickets.choices import Status
from frontdesk.tickets.models import Ticket

register = template.Library()


@register.inclusion_tag("resolution/partials/solve_card.html", takes_context=True)
def solve_card(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    user = context["request"].user
    solved = ticket.status in (Status.SOLVED, Status.CLOSED)
    form = context.get("solve_form")
    if form is None and not solved:
        form = SolveForm(items=active_checklist(), language=translation.get_language())
    return {
        "ticket": ticket,
        "form": form,
        "solved": solved,
        "record": solve_records_for_ticket(user, ticket).last() if solved else None,
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
