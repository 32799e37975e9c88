"""`{% event_note event as note %}`: a history note in the reader's language and zone."""

from __future__ import annotations

from django import template

from frontdesk.tickets.event_notes import note_text
from frontdesk.tickets.models import TicketEvent

register = template.Library()


@register.simple_tag
def event_note(event: TicketEvent) -> str:
    """Worded now, in the active language; times in the active time zone (the member's
    own: accounts.middleware.UserTimeZoneMiddleware)."""
    return note_text(event)
