"""`{% event_note event as note %}`, `{% message_text message %}`, `{% escalation_text
ticket %}`: what the system wrote, in the reader's language and time zone."""

from __future__ import annotations

from django import template

from frontdesk.tickets import event_notes
from frontdesk.tickets.models import Message, Ticket, TicketEvent

register = template.Library()


@register.simple_tag
def event_note(event: TicketEvent) -> str:
    """Worded now, in the active language; times in the active time zone (the member's
    own: accounts.middleware.UserTimeZoneMiddleware)."""
    return event_notes.note_text(event)


@register.simple_tag
def message_text(message: Message) -> str:
    """A message's text; one the system wrote is worded now, in the active language."""
    return event_notes.message_text(message)


@register.simple_tag
def escalation_text(ticket: Ticket) -> str:
    """The escalation's reason; one the SLA sweep wrote is worded in the active language."""
    return event_notes.escalation_text(ticket)
