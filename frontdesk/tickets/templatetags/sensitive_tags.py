"""The ticket page's "Sensitive" card (tickets/sensitive.py): shown to those who may mark."""

from __future__ import annotations

from typing import Any

from django import template

from frontdesk.tickets.models import Ticket
from frontdesk.tickets.sensitive import may_mark_sensitive

register = template.Library()


@register.inclusion_tag("tickets/partials/ticket_sensitive.html", takes_context=True)
def sensitive_card(context: template.Context, ticket: Ticket) -> dict[str, Any]:
    return {
        "ticket": ticket,
        "may_mark": may_mark_sensitive(context["request"].user),
        "csrf_token": context.get("csrf_token"),
    }
