"""The reply offered when an action plan is done (issue 20 item 23): what was done, in the
customer's language, for the agent to edit and send. Never sent by itself."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from frontdesk.accounts.models import Workspace
from frontdesk.resolution.models import ActionPlan
from frontdesk.tickets.acknowledgement import language_for
from frontdesk.tickets.models import Ticket


def plan_done_reply(ticket: Ticket, plan: ActionPlan) -> str:
    """The draft reply saying the plan was carried out, in the customer's language."""
    with translation.override(language_for(ticket)):
        context = {
            "customer_name": ticket.customer.display_name,
            "plan": plan.text,
            "workspace": Workspace.current(),
        }
        return render_to_string("resolution/plan_done_reply.txt", context).strip() + "\n"
